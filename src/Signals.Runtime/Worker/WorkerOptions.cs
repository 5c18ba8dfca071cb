using Signals.Runtime.Evaluation;

namespace Signals.Runtime.Worker;

/// <summary>How <see cref="WorkerSignalHost"/> runs its worker process. Validated when the host starts.</summary>
public sealed record WorkerOptions
{
    /// <summary>The worker's evaluator budgets and limits.</summary>
    public EvaluatorOptions Evaluator { get; init; } = new();

    /// <summary>The fuel meter's call-depth limit for loaded signals.</summary>
    public int FuelMaxDepth { get; init; } = 256;

    /// <summary>The worker's GC heap hard limit: a signal that runs out of it kills only the worker.</summary>
    public long HeapHardLimitBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Events per batch frame; a batch is also sent when it reaches <see cref="BatchBytes"/>.</summary>
    public int BatchEvents { get; init; } = 4096;

    /// <summary>Encoded bytes after which a batch is sent.</summary>
    public int BatchBytes { get; init; } = 512 * 1024;

    /// <summary>Batches sent but not yet answered; the driver waits when this many are out.</summary>
    public int MaxBatchesInFlight { get; init; } = 2;

    /// <summary>
    /// Events of answered batches kept to warm up a restarted worker: after a crash the surviving
    /// signals are loaded fresh, these events are replayed to them with fires muted, then the lost
    /// batches with fires delivered. When the window holds every event since the signals were
    /// loaded the survivors' fires are exactly those of an uninterrupted run; 0 keeps none.
    /// </summary>
    public long WarmupEvents { get; init; } = 256 * 1024;

    /// <summary>How long a reply may take before the worker is deemed hung, killed and restarted.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Restarts in a row without an answered batch after which the host gives up.</summary>
    public int MaxConsecutiveRestarts { get; init; } = 8;

    /// <summary>The worker's <c>Signals.Worker.dll</c>; when null, <c>signals-worker/</c> beside the host's binaries (see <c>Signals.Worker.targets</c>).</summary>
    public string? WorkerPath { get; init; }

    /// <summary>The <c>dotnet</c> executable to run it with; found from the running runtime when null.</summary>
    public string? DotnetPath { get; init; }

    /// <summary>Assembly simple names signals may resolve; the signal compiler's set when null.</summary>
    public IReadOnlySet<string>? AllowedAssemblies { get; init; }

    /// <summary>Extra arguments for the worker (tests pass trusted crash hooks here).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Extra environment variables for the worker.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Checks the values; throws naming the bad one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Evaluator);
        Evaluator.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(FuelMaxDepth, 1, nameof(FuelMaxDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(HeapHardLimitBytes, 16L * 1024 * 1024, nameof(HeapHardLimitBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchEvents, 1, nameof(BatchEvents));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchBytes, 1024, nameof(BatchBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchesInFlight, 1, nameof(MaxBatchesInFlight));
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupEvents, nameof(WarmupEvents));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReplyTimeout, TimeSpan.FromMilliseconds(100), nameof(ReplyTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConsecutiveRestarts, 1, nameof(MaxConsecutiveRestarts));
    }
}
