using Signals.Runtime.Worker;

namespace Mcp.Server;

/// <summary>
/// Bounds on the authoring tools: how much a backtest may replay, the smoke test a commit must
/// pass, how many rounds a draft gets, and where drafts run (the worker process, by policy).
/// </summary>
public sealed record AuthoringOptions
{
    /// <summary>Events one <c>backtest_signal</c> replays at most; it stops there and says so.</summary>
    public long MaxBacktestEvents { get; init; } = 20_000_000;

    /// <summary>The smoke window a commit is replayed over: this much at the end of the data available.</summary>
    public TimeSpan SmokeWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Events the smoke test replays at most.</summary>
    public long MaxSmokeEvents { get; init; } = 2_000_000;

    /// <summary>Fires a backtest result lists (all are counted).</summary>
    public int FirstFires { get; init; } = 20;

    /// <summary>Rounds of write–compile–fix <c>draft_signal</c> runs at most.</summary>
    public int MaxDraftRounds { get; init; } = 3;

    /// <summary>Tokens asked of the client's model per sampling round.</summary>
    public int DraftMaxTokens { get; init; } = 4_000;

    /// <summary>How long <c>commit_signal</c> and friends wait for a co-located runtime to deploy the new commit before answering.</summary>
    public TimeSpan DeployWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where backtested versions run; drafts and agent-written signals always run in the worker.</summary>
    public SignalIsolationPolicy Isolation { get; init; } = new();

    /// <summary>The worker process's settings; defaults when null.</summary>
    public WorkerOptions? Worker { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (MaxBacktestEvents < 1 || MaxSmokeEvents < 1) throw new ArgumentException("authoring: event caps must be at least 1");
        if (SmokeWindow <= TimeSpan.Zero) throw new ArgumentException("authoring: the smoke window must be positive");
        if (FirstFires is < 0 or > 200) throw new ArgumentException("authoring: first fires must be within 0..200");
        if (MaxDraftRounds is < 1 or > 10) throw new ArgumentException("authoring: draft rounds must be within 1..10");
        if (DraftMaxTokens < 256) throw new ArgumentException("authoring: draft max tokens must be at least 256");
        if (DeployWait < TimeSpan.Zero) throw new ArgumentException("authoring: the deploy wait cannot be negative");
        ArgumentNullException.ThrowIfNull(Isolation);
    }
}
