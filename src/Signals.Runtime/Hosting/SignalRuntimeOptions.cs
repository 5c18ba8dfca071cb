using Signals.Runtime.Evaluation;
using Signals.Runtime.Fires;
using Signals.Runtime.Worker;

namespace Signals.Runtime.Hosting;

/// <summary>What the signal runtime runs and where. Change with <c>with</c>.</summary>
public sealed record SignalRuntimeOptions
{
    /// <summary>The signals folder: its committed <c>*.cs</c> files are what runs.</summary>
    public string SignalsDirectory { get; init; } = "signals";

    /// <summary>Create the folder and a git repository when there is none (a fresh data directory, a demo).</summary>
    public bool InitializeRepository { get; init; }

    /// <summary>Where the feed journals and the signal journal live.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>The environment: the journals' folder and the first subject token.</summary>
    public string Environment { get; init; } = "dev";

    /// <summary>Recent history replayed into a new version's new builders before it sees live events.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Read every feed journal from its start instead of its end (a live backfill).</summary>
    public bool FromStart { get; init; }

    /// <summary>
    /// Follow the feeds on the bus (<see cref="Live.BusEventDriver"/>: a core in another process,
    /// gaps filled through its <c>{env}.svc.journal.read</c>) instead of the journals under the data
    /// directory. Needs a bus; warm-ups then start empty and worker isolation is refused.
    /// </summary>
    public bool FeedsFromBus { get; init; }

    /// <summary>Budgets and quarantine policy.</summary>
    public EvaluatorOptions Evaluator { get; init; } = new();

    /// <summary>Parameter overrides by signal name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Parameters { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);

    /// <summary>
    /// Which signals run in the worker process (sandbox layer 7): by default agent-written ones
    /// (committed through the MCP server) do, and signals committed by people run in process.
    /// </summary>
    public SignalIsolationPolicy Isolation { get; init; } = new(CommittedInProcess: true);

    /// <summary>The worker process's settings (heap limit, budgets, batching).</summary>
    public WorkerOptions? Worker { get; init; }

    /// <summary>Webhooks fires are posted to.</summary>
    public IReadOnlyList<WebhookOptions> Webhooks { get; init; } = [];

    /// <summary>Throws naming the bad setting.</summary>
    /// <returns>These options.</returns>
    public SignalRuntimeOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(SignalsDirectory)) throw new ArgumentException("the runtime needs a signals directory", nameof(SignalsDirectory));
        if (string.IsNullOrWhiteSpace(DataDirectory)) throw new ArgumentException("the runtime needs a data directory", nameof(DataDirectory));
        if (string.IsNullOrWhiteSpace(Environment) || Environment.IndexOfAny(['/', '\\', '.']) >= 0)
        {
            throw new ArgumentException($"'{Environment}' is not an environment name (no dots or slashes)", nameof(Environment));
        }
        if (Warmup < TimeSpan.Zero) throw new ArgumentException("the warm-up window cannot be negative", nameof(Warmup));
        Evaluator.Validate();
        return this;
    }
}
