using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using Signals.Runtime.Evaluation;

namespace Signals.Runtime.Worker.Internal;

/// <summary>
/// A few shared bytes the host can read after the worker dies: the tag of the signal whose code the
/// worker was running (-1 between calls) and whether the worker ran out of memory. The worker's
/// evaluator writes the tag around every call (<see cref="ISignalCallObserver"/>); a file mapping
/// (under /dev/shm where there is one) outlives the process that wrote it.
/// </summary>
internal sealed class CrashSlot : ISignalCallObserver, IDisposable
{
    public const int None = -1;
    private const int TagOffset = 0;
    private const int OutOfMemoryOffset = 4;
    private const int Size = 4096;

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly nint _address;

    private CrashSlot(string path, bool create)
    {
        Path = path;
        _file = MemoryMappedFile.CreateFromFile(path, create ? FileMode.Create : FileMode.Open, null, Size, MemoryMappedFileAccess.ReadWrite);
        _view = _file.CreateViewAccessor(0, Size);
        // A plain store per call: MemoryMappedViewAccessor.Write acquires the handle each time, too slow around every handler.
        _address = _view.SafeMemoryMappedViewHandle.DangerousGetHandle() + (nint)_view.PointerOffset;
    }

    public string Path { get; }

    /// <summary>The host's side: a new slot file, cleared.</summary>
    public static CrashSlot Create()
    {
        var directory = Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();
        var slot = new CrashSlot(System.IO.Path.Combine(directory, $"deepwater-worker-{Environment.ProcessId}-{Guid.NewGuid():N}.slot"), create: true);
        slot.Reset();
        return slot;
    }

    /// <summary>The worker's side: the file the host created.</summary>
    public static CrashSlot Open(string path) => new(path, create: false);

    /// <summary>Read by the host once the worker has exited, so plain reads see its last stores.</summary>
    public int Tag => Marshal.ReadInt32(_address, TagOffset);

    public bool OutOfMemory => Marshal.ReadInt32(_address, OutOfMemoryOffset) != 0;

    public void Reset()
    {
        Marshal.WriteInt32(_address, TagOffset, None);
        Marshal.WriteInt32(_address, OutOfMemoryOffset, 0);
    }

    public void Entering(int tag) => Marshal.WriteInt32(_address, TagOffset, tag);

    public void Left() => Marshal.WriteInt32(_address, TagOffset, None);

    public void MarkOutOfMemory() => Marshal.WriteInt32(_address, OutOfMemoryOffset, 1);

    public void Dispose()
    {
        _view.Dispose();
        _file.Dispose();
    }

    /// <summary>Deletes the file (host side, after disposing).</summary>
    public void Delete()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }
}
