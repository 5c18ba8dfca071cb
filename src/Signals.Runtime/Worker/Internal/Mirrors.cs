using Market.Core.Journal;
using Signals.Runtime.Evaluation;

namespace Signals.Runtime.Worker.Internal;

/// <summary>The host's copy of a signal loaded in the worker: enough to load it again into a new worker.</summary>
internal sealed class MirroredSignal(WorkerSignal signal, int tag, long loadedAt)
{
    public WorkerSignal Signal { get; } = signal;

    /// <summary>The crash-slot tag; never reused.</summary>
    public int Tag { get; } = tag;

    /// <summary>The first batch sequence it saw: a warm-up loads it before replaying that batch.</summary>
    public long LoadedAt { get; } = loadedAt;

    /// <summary>Why the host quarantined it (the worker died in its code), or null.</summary>
    public string? HostQuarantine { get; set; }

    /// <summary>Why the worker's evaluator quarantined it, or null.</summary>
    public string? WorkerQuarantine { get; set; }

    /// <summary>Its latest status from a worker, kept for when it is no longer in one.</summary>
    public SignalStatus? LastStatus { get; set; }

    /// <summary>Whether a restarted worker should load it.</summary>
    public bool Revivable => HostQuarantine is null && WorkerQuarantine is null;
}

/// <summary>A registered feed and the symbols already sent for it.</summary>
internal sealed class MirroredFeed(FeedHandle handle, ISymbolTable? symbols)
{
    private bool[] _known = new bool[64];

    public FeedHandle Handle { get; } = handle;

    public ISymbolTable? Symbols { get; set; } = symbols;

    /// <summary>Symbols sent, in order, to send again to a new worker.</summary>
    public List<(uint Id, string Symbol)> Sent { get; } = [];

    public bool IsKnown(uint id) => id < (uint)_known.Length && _known[id];

    public void MarkKnown(uint id)
    {
        if (id >= (uint)_known.Length) Array.Resize(ref _known, (int)Math.Max(id + 1, (uint)_known.Length * 2));
        _known[id] = true;
    }
}
