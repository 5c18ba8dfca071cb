using System.Collections.Concurrent;

namespace Market.Core.Journal.Internal;

/// <summary>
/// What an in-process writer shares with in-process readers of the same directory: the tail
/// signal and the published and durable sequences. Readers in other processes go to the files.
/// </summary>
internal sealed class JournalShared
{
    private static readonly ConcurrentDictionary<string, JournalShared> ByDirectory = new(StringComparer.Ordinal);

    private long _lastSequence;
    private long _durableSequence;
    private int _writerOpen;

    public TailSignal Signal { get; } = new();

    /// <summary>The last published sequence while a writer is open in this process.</summary>
    public long LastSequence
    {
        get => Volatile.Read(ref _lastSequence);
        set => Volatile.Write(ref _lastSequence, value);
    }

    /// <summary>The last sequence known to be on stable storage.</summary>
    public long DurableSequence
    {
        get => Volatile.Read(ref _durableSequence);
        set => Volatile.Write(ref _durableSequence, value);
    }

    /// <summary>True while a writer for this directory is open in this process.</summary>
    public bool WriterOpen
    {
        get => Volatile.Read(ref _writerOpen) != 0;
        set => Volatile.Write(ref _writerOpen, value ? 1 : 0);
    }

    public static JournalShared For(string directory) =>
        ByDirectory.GetOrAdd(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar), static _ => new JournalShared());
}
