using System.Text.Json;
using Market.Core.Journal.Internal;

namespace Market.Core.Journal;

/// <summary>
/// A feed's journal on disk: a directory of preallocated, memory-mapped chunk files named by
/// their first sequence, a sparse index per sealed chunk, a symbol table and a meta file.
/// Any number of instances, in any number of processes, may read; one may write.
/// </summary>
public sealed class MmapJournal : IJournal
{
    private const string MetaFile = "journal.meta";
    private const string LockFile = "writer.lock";
    private const int MetaFormat = 1;

    private readonly TimeProvider _time;

    private MmapJournal(string directory, string feed, JournalOptions options, TimeProvider time)
    {
        Directory = directory;
        Feed = feed;
        Options = options;
        _time = time;
        Catalog = new ChunkCatalog(directory, options);
        Shared = JournalShared.For(directory);
        SymbolTable = new SymbolTable(Path.Combine(directory, "symbols.log"));
    }

    /// <summary>The journal's directory.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public string Feed { get; }

    /// <summary>The settings this instance runs with.</summary>
    public JournalOptions Options { get; }

    /// <inheritdoc />
    public ISymbolTable Symbols => SymbolTable;

    internal ChunkCatalog Catalog { get; }

    internal JournalShared Shared { get; }

    internal SymbolTable SymbolTable { get; }

    /// <summary>The directory of <paramref name="feed"/>'s journal: <c>{data}/{env}/{feed}</c>.</summary>
    public static string PathFor(string dataDirectory, string environment, string feed) => Path.Combine(dataDirectory, environment, feed);

    /// <summary>
    /// Opens the journal in <paramref name="directory"/>. With <paramref name="create"/> a missing
    /// or empty directory becomes a new journal; otherwise a path that is not a journal is an error.
    /// </summary>
    public static MmapJournal Open(string directory, JournalOptions? options = null, bool create = false, TimeProvider? time = null)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("the journal format is little-endian");
        options = (options ?? new JournalOptions()).Validate();
        directory = Path.GetFullPath(directory);
        var feed = Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar));
        var meta = Path.Combine(directory, MetaFile);
        if (File.Exists(directory)) throw new JournalFormatException($"{directory} is a file, not a journal directory");
        if (!File.Exists(meta))
        {
            if (!create)
            {
                throw new JournalFormatException(System.IO.Directory.Exists(directory)
                    ? $"{directory} is not a Deepwater journal (no {MetaFile})"
                    : $"no journal at {directory}");
            }
            System.IO.Directory.CreateDirectory(directory);
            if (System.IO.Directory.EnumerateFileSystemEntries(directory).Any())
            {
                throw new JournalFormatException($"{directory} is not empty and is not a Deepwater journal (no {MetaFile}); refusing to create one there");
            }
            WriteMeta(meta, feed, (time ?? TimeProvider.System).GetUtcNow());
        }
        ReadMeta(meta);
        return new MmapJournal(directory, feed, options, time ?? TimeProvider.System);
    }

    /// <inheritdoc />
    public long FirstSequence
    {
        get
        {
            var chunks = Catalog.Refresh();
            return chunks.Length == 0 ? 1 : chunks[0].FirstSequence;
        }
    }

    /// <inheritdoc />
    public long LastSequence
    {
        get
        {
            if (Shared.WriterOpen) return Shared.LastSequence;
            using var reader = new JournalReader(this);
            reader.SeekToEnd();
            return reader.NextSequence - 1;
        }
    }

    /// <summary>
    /// The writer's durable watermark (the last sequence on stable storage) when the writer is open
    /// in this process, as when the MCP server runs beside the core; null otherwise, since another
    /// process's writer keeps it only in its own memory.
    /// </summary>
    public long? DurableSequence => Shared.WriterOpen ? Shared.DurableSequence : null;

    /// <inheritdoc />
    public IJournalWriter OpenWriter() => OpenMmapWriter();

    /// <summary>Opens the writer with its concrete type (for recovery details and benchmarks).</summary>
    public JournalWriter OpenMmapWriter()
    {
        var lockPath = Path.Combine(Directory, LockFile);
        FileStream writerLock;
        try
        {
            writerLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new JournalLockedException($"journal {Directory} already has a writer (another process, or another writer in this one); only one may write", e);
        }
        SymbolTable.AttachWriter();
        try
        {
            return new JournalWriter(this, writerLock);
        }
        catch
        {
            SymbolTable.DetachWriter();
            throw;
        }
    }

    /// <inheritdoc />
    public IJournalReader OpenReader() => new JournalReader(this);

    internal long NowNanos() => (_time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    private static void WriteMeta(string path, string feed, DateTimeOffset created)
    {
        var temp = path + ".tmp";
        using (var stream = File.Create(temp))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("format", MetaFormat);
            json.WriteString("feed", feed);
            json.WriteString("created", created.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        File.Move(temp, path);
    }

    private static void ReadMeta(string path)
    {
        int format;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            format = doc.RootElement.GetProperty("format").GetInt32();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new JournalFormatException($"{path} is not a valid journal meta file: {e.Message}");
        }
        if (format > MetaFormat)
        {
            throw new JournalFormatException($"{path} has journal format {format}; this build reads up to {MetaFormat}: upgrade deepwater");
        }
    }

    /// <summary>Nothing to release: writers and readers own their files.</summary>
    public void Dispose() { }
}
