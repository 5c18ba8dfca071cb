using System.IO.MemoryMappedFiles;
using static Market.Core.Journal.Internal.JournalFormat;

namespace Market.Core.Journal.Internal;

/// <summary>
/// One chunk file mapped into memory: a 4 KiB header (identity, seal, checkpoints) followed by
/// 8-byte aligned records. Writers map it read-write, readers read-only; both see the same pages.
/// </summary>
internal sealed unsafe partial class MappedChunk : IDisposable
{
    private readonly FileStream _file;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private byte* _base;

    private MappedChunk(string path, FileStream file, long size, bool writable)
    {
        Path = path;
        Size = size;
        _file = file;
        var access = writable ? MemoryMappedFileAccess.ReadWrite : MemoryMappedFileAccess.Read;
        _map = MemoryMappedFile.CreateFromFile(file, null, size, access, HandleInheritability.None, leaveOpen: true);
        _view = _map.CreateViewAccessor(0, size, access);
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref _base);
        _base += _view.PointerOffset;
    }

    /// <summary>The chunk file.</summary>
    public string Path { get; private set; }

    /// <summary>The file's length: header plus record area.</summary>
    public long Size { get; }

    /// <summary>Start of the mapping.</summary>
    public byte* Base => _base;

    /// <summary>The first record's sequence, from the validated header.</summary>
    public long FirstSequence => ReadInt64(Header, FirstSequenceOffset);

    /// <summary>When the chunk was created (UTC ns).</summary>
    public long CreatedNanos => ReadInt64(Header, CreatedOffset);

    private Span<byte> Header => new(_base, ChunkHeaderSize);

    /// <summary>The bytes [offset, offset + length) of the mapping.</summary>
    public Span<byte> Slice(long offset, int length) => new(_base + offset, length);

    /// <summary>
    /// Creates a chunk: preallocates the whole file (so a full disk fails here, never as a SIGBUS
    /// mid-append), writes its identity under a temporary name, then renames it into place.
    /// </summary>
    public static MappedChunk Create(string directory, long firstSequence, long size, long createdNanos)
    {
        var chunk = CreateUnnamed(directory, size);
        try
        {
            chunk.Name(firstSequence, createdNanos);
            return chunk;
        }
        catch
        {
            chunk.DisposeAndDelete();
            throw;
        }
    }

    /// <summary>
    /// Creates and maps a preallocated chunk under a temporary name, ready to become the next chunk
    /// once its first sequence is known (<see cref="Name"/>). Readers ignore it; recovery deletes it.
    /// </summary>
    public static MappedChunk CreateUnnamed(string directory, long size)
    {
        var temp = System.IO.Path.Combine(directory, $"next-{Guid.NewGuid():N}{ChunkExtension}.tmp");
        FileStream? file = null;
        try
        {
            file = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.ReadWrite,
                Share = FileShare.ReadWrite | FileShare.Delete,
                PreallocationSize = size,
            });
            if (file.Length < size) file.SetLength(size);
            var chunk = new MappedChunk(temp, file, size, writable: true);
            file = null;
            chunk.ExpectWritesFrom(0); // before the header's write faults in the first page
            return chunk;
        }
        catch (IOException e) when (IsDiskFull(e, directory, size))
        {
            file?.Dispose();
            TryDelete(temp);
            throw new JournalFullException($"no space left for a new {size >> 20} MiB chunk in {directory}: {e.Message}", e);
        }
        catch
        {
            file?.Dispose();
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes the identity (first sequence, size, creation time) and renames the chunk into place.</summary>
    public void Name(long firstSequence, long createdNanos)
    {
        WriteIdentity(new Span<byte>(_base, IdentityLength + 4), firstSequence, Size, createdNanos);
        var final = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, ChunkFileName(firstSequence));
        File.Move(Path, final);
        Path = final;
    }

    /// <summary>Opens an existing chunk and validates its identity against its file name.</summary>
    public static MappedChunk Open(string path, bool writable)
    {
        var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = writable ? FileAccess.ReadWrite : FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
        });
        try
        {
            var size = file.Length;
            Span<byte> identity = stackalloc byte[IdentityLength + 4];
            if (size < ChunkHeaderSize || file.Read(identity) != identity.Length)
            {
                throw new JournalFormatException($"{path} is not a journal chunk: {size} bytes is shorter than a chunk header");
            }
            ValidateIdentity(path, identity, size);
            return new MappedChunk(path, file, size, writable);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static void WriteIdentity(Span<byte> identity, long firstSequence, long size, long createdNanos)
    {
        identity.Clear();
        WriteInt64(identity, MagicOffset, unchecked((long)ChunkMagic));
        WriteUInt32(identity, VersionOffset, FormatVersion);
        WriteUInt32(identity, HeaderSizeOffset, ChunkHeaderSize);
        WriteInt64(identity, ChunkSizeOffset, size);
        WriteInt64(identity, FirstSequenceOffset, firstSequence);
        WriteInt64(identity, CreatedOffset, createdNanos);
        WriteUInt32(identity, IdentityCrcOffset, Crc32C.Compute(identity[..IdentityLength]));
    }

    internal static void ValidateIdentity(string path, ReadOnlySpan<byte> identity, long size)
    {
        if ((ulong)ReadInt64(identity, MagicOffset) != ChunkMagic)
        {
            throw new JournalFormatException($"{path} is not a journal chunk (bad magic)");
        }
        var version = ReadUInt32(identity, VersionOffset);
        if (version > FormatVersion)
        {
            throw new JournalFormatException($"{path} has journal format version {version}; this build reads up to version {FormatVersion}: upgrade deepwater");
        }
        if (ReadUInt32(identity, IdentityCrcOffset) != Crc32C.Compute(identity[..IdentityLength]))
        {
            throw new JournalFormatException($"{path} has a corrupt chunk header (identity checksum mismatch)");
        }
        var declared = ReadInt64(identity, ChunkSizeOffset);
        if (declared != size || ReadUInt32(identity, HeaderSizeOffset) != ChunkHeaderSize)
        {
            throw new JournalFormatException($"{path} declares {declared} bytes but the file has {size}");
        }
        var name = System.IO.Path.GetFileName(path);
        if (!TryParseFirstSequence(name, ChunkExtension, out var fromName) || fromName != ReadInt64(identity, FirstSequenceOffset))
        {
            throw new JournalFormatException($"{path}: file name does not match the first sequence {ReadInt64(identity, FirstSequenceOffset)} in its header");
        }
    }

    /// <summary>
    /// A chunk file shorter than its header declares lost its tail (a truncated copy, a crash in a
    /// filesystem that does not keep preallocation): extend it back, so recovery finds the end.
    /// </summary>
    public static bool RestoreDeclaredLength(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> identity = stackalloc byte[IdentityLength + 4];
        if (file.Length < identity.Length || file.Read(identity) != identity.Length) return false;
        if ((ulong)ReadInt64(identity, MagicOffset) != ChunkMagic || ReadUInt32(identity, IdentityCrcOffset) != Crc32C.Compute(identity[..IdentityLength])) return false;
        var declared = ReadInt64(identity, ChunkSizeOffset);
        if (file.Length >= declared) return false;
        file.SetLength(declared);
        return true;
    }

    /// <summary>Flushes [offset, offset + length) of this chunk to disk (msync on that range only).</summary>
    public void Sync(long offset, long length) => Posix.SyncRange(_base, offset, length);

    /// <summary>
    /// Sets how write faults from <paramref name="offset"/> on fill the page cache: one 2 MiB folio
    /// each, nothing read ahead. By default a fault on preallocated space reads ahead the device's
    /// whole window (8 MiB on the VM this was measured on), zero-filling it in one kernel call of
    /// 2-10 ms during which nothing else runs on that CPU, and marks a page whose fault starts the
    /// next one. One folio takes about 0.4 ms, and readers still map the chunk in 2 MiB pages
    /// (4 KiB folios instead cost sequential reads 10-20 % in TLB misses; 256 KiB-1 MiB folios
    /// made by writing zeros, reads 15-30 % and seeks 30 %). Where the host still has to back a
    /// fresh block, see <see cref="HugePageWarmer"/>.
    /// </summary>
    public void ExpectWritesFrom(long offset) => Posix.FaultInHugePagesOnly(_base, offset, Size - offset);

    /// <summary>ENOSPC surfaces with different texts (posix_fallocate, write); the free space decides.</summary>
    internal static bool IsDiskFull(IOException e, string directory, long needed)
    {
        if (e.Message.Contains("disk was full", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)) return true;
        try { return new DriveInfo(directory).AvailableFreeSpace < needed; }
        catch (ArgumentException) { return false; }
        catch (IOException) { return false; }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Unmaps and removes a chunk that never became part of the journal.</summary>
    public void DisposeAndDelete()
    {
        Dispose();
        TryDelete(Path);
    }

    /// <summary>
    /// Unmaps without writing anything back: the accessor's own Dispose msyncs the whole view,
    /// which for a full chunk is a synchronous write of up to its size and a TLB shootdown on every
    /// CPU running this process. Durable modes flushed their records before this; page-cache mode
    /// leaves dirty pages to the kernel's writeback, as it does for every page it writes.
    /// </summary>
    public void Dispose()
    {
        if (_base == null) return;
        _base = null;
        var handle = _view.SafeMemoryMappedViewHandle;
        handle.ReleasePointer();
        // munmap now; the accessor then finds its handle closed and skips the flush.
        handle.Dispose();
        _view.Dispose();
        _map.Dispose();
        _file.Dispose();
    }
}
