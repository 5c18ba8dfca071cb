using Market.Core.Bus;
using Market.Core.Journal;
using Signals.Library;
using Signals.Runtime.Deployment;
using Signals.Runtime.Fires;
using Signals.Runtime.Hosting;
using Signals.Runtime.Worker;

namespace Signals.Runtime.Tests.Hosting;

public sealed class SignalRuntimeHostTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly SignalAuthor Author = new("A. Quant", "quant@example.com");
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dw-runtime-" + Guid.NewGuid().ToString("N"));
    private MmapJournal _feed = null!;
    private IJournalWriter _writer = null!;
    private long _nextTrade;

    private string Signals => Path.Combine(_root, "signals");

    private string Data => Path.Combine(_root, "data");

    private static string Echo(string tag) => $$"""
        using Signals.Library;

        public sealed class TradeEcho : Signal
        {
            public override void Configure(SignalSetup setup)
            {
                setup.Subscribe("coinbase", "BTC-*", EventKinds.Trade);
                setup.LimitFires(600);
            }

            public override void OnTrade(in Trade trade, SignalContext context) =>
                context.Fire("{{tag}}", ("price", FixedPoint.ToDouble(trade.Price)));
        }
        """;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Data);
        _feed = MmapJournal.Open(MmapJournal.PathFor(Data, "dev", "coinbase"), create: true);
        _writer = _feed.OpenWriter();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Commits_DeployInOrder_ABrokenCommitLeavesThePreviousVersionFiring()
    {
        var repository = SignalRepository.Open(Signals, initialize: true);
        var v1 = repository.Commit("trade_echo", Echo("v1"), "Add trade_echo", Author);
        await using var bus = new InProcessBus();
        await using var fires = bus.Subscribe(SignalSubjects.All("dev"));
        await using var runtime = new SignalRuntimeHost(new SignalRuntimeOptions { SignalsDirectory = Signals, DataDirectory = Data }, bus);

        var first = await runtime.StartAsync();
        Assert.Equal(["trade_echo"], first!.Loaded);
        await TradesFireAsync(runtime, 3, "v1", v1);

        // A commit that does not compile: reported with its line; v1 keeps running.
        var broken = await DeployAsync(runtime, () => repository.Commit("trade_echo", Echo("v2").Replace("context.Fire", "context.Fyre", StringComparison.Ordinal), "Break it", Author));
        var (failedName, error) = Assert.Single(broken.Failed);
        Assert.Equal("trade_echo", failedName);
        Assert.Contains("trade_echo.cs:12:", error, StringComparison.Ordinal);
        var status = Assert.Single(runtime.Deployer!.Statuses());
        Assert.Equal((DeploymentState.Broken, v1, broken.Commit), (status.State, status.Commit, status.FailedCommit));
        await TradesFireAsync(runtime, 2, "v1", v1);

        // The fix deploys; fires carry its commit.
        var fixedReport = await DeployAsync(runtime, () => repository.Commit("trade_echo", Echo("v3"), "Fix it", Author));
        Assert.Equal(["trade_echo"], fixedReport.Loaded);
        await TradesFireAsync(runtime, 2, "v3", fixedReport.Commit);

        // Removing the file unloads the signal: trades no longer fire.
        var removed = await DeployAsync(runtime, () => repository.Remove("trade_echo", "Disable trade_echo", Author));
        Assert.Equal(["trade_echo"], removed.Unloaded);
        var before = runtime.Journal!.Read(null, 0, long.MaxValue, 10_000).Count;
        AppendTrades(5);
        await WaitUntilAsync(() => runtime.Evaluator!.EventsProcessed >= _nextTrade, "the evaluator to read the last trades");
        Assert.Equal(before, runtime.Journal.Read(null, 0, long.MaxValue, 10_000).Count);

        // Every fire was also published on the bus, in journal order.
        var published = 0;
        while (fires.Messages.TryRead(out _)) published++;
        await WaitUntilAsync(() =>
        {
            while (fires.Messages.TryRead(out _)) published++;
            return published == before;
        }, "every fire on the bus");
    }

    [Fact]
    public async Task AgentWrittenCommit_RunsInTheWorker_APersonsCommitMovesItBackInProcess()
    {
        var repository = SignalRepository.Open(Signals, initialize: true);
        repository.Commit("trade_echo", Echo("human"), "Add trade_echo", Author);
        await using var runtime = new SignalRuntimeHost(new SignalRuntimeOptions { SignalsDirectory = Signals, DataDirectory = Data });
        await runtime.StartAsync();
        Assert.Equal(SignalIsolation.InProcess, Assert.Single(runtime.Deployer!.Statuses()).Isolation);

        var agent = await DeployAsync(runtime, () => repository.Commit("trade_echo", Echo("agent"), "Agent's version", SignalAuthor.ForAgent("test-client")));
        Assert.Equal(["trade_echo"], agent.Loaded);
        Assert.Equal(SignalIsolation.Worker, Assert.Single(runtime.Deployer.Statuses()).Isolation);
        await TradesFireAsync(runtime, 3, "agent", agent.Commit);
        Assert.NotNull(Assert.Single(runtime.Status()).Evaluation);

        var human = await DeployAsync(runtime, () => repository.Commit("trade_echo", Echo("human again"), "Take it back", Author));
        Assert.Equal(SignalIsolation.InProcess, Assert.Single(runtime.Deployer.Statuses()).Isolation);
        await TradesFireAsync(runtime, 2, "human again", human.Commit);
    }

    [Fact]
    public async Task Start_WithoutCommits_WaitsForTheFirst()
    {
        SignalRepository.Open(Signals, initialize: true);
        await using var runtime = new SignalRuntimeHost(new SignalRuntimeOptions { SignalsDirectory = Signals, DataDirectory = Data });

        Assert.Null(await runtime.StartAsync());

        var report = await DeployAsync(runtime, () => runtime.Repository!.Commit("trade_echo", Echo("first"), "Add", Author));
        Assert.Equal(["trade_echo"], report.Loaded);
        await TradesFireAsync(runtime, 1, "first", report.Commit);
    }

    [Fact]
    public async Task Start_FromStart_BackfillReachesTheFirstDeployment()
    {
        var repository = SignalRepository.Open(Signals, initialize: true);
        var commit = repository.Commit("trade_echo", Echo("old"), "Add", Author);
        AppendTrades(50);
        await using var runtime = new SignalRuntimeHost(new SignalRuntimeOptions { SignalsDirectory = Signals, DataDirectory = Data, FromStart = true });

        await runtime.StartAsync();

        // Every trade written before start fires: the feeds waited for HEAD's signals.
        await WaitUntilAsync(() => runtime.Evaluator!.EventsProcessed >= 50, "the backfill");
        var fires = runtime.Journal!.Read(null, 0, long.MaxValue, 1_000);
        Assert.Equal(50, fires.Count);
        Assert.All(fires, f => Assert.Equal(commit, f.Fire.Commit));
    }

    /// <summary>Makes a commit and waits for the runtime to deploy it (reports are kept from before the commit, so none is missed).</summary>
    private static async Task<DeploymentReport> DeployAsync(SignalRuntimeHost runtime, Func<string> commit)
    {
        var reports = new System.Collections.Concurrent.ConcurrentQueue<DeploymentReport>();
        void OnDeployed(DeploymentReport report) => reports.Enqueue(report);
        runtime.Deployer!.Deployed += OnDeployed;
        try
        {
            var sha = commit();
            DeploymentReport? found = null;
            await WaitUntilAsync(() => (found = reports.FirstOrDefault(r => r.Commit == sha)) is not null, $"the deployment of {sha}");
            return found!;
        }
        finally
        {
            runtime.Deployer.Deployed -= OnDeployed;
        }
    }

    /// <summary>Appends trades and waits for exactly that many new fires with the message and commit.</summary>
    private async Task TradesFireAsync(SignalRuntimeHost runtime, int count, string message, string commit)
    {
        var before = runtime.Journal!.Read(null, 0, long.MaxValue, 100_000).Count;
        AppendTrades(count);
        await WaitUntilAsync(() => runtime.Journal.Read(null, 0, long.MaxValue, 100_000).Count >= before + count, $"{count} fires of {message}");
        var fresh = runtime.Journal.Read(null, 0, long.MaxValue, 100_000).Skip(before).Select(f => f.Fire).ToList();
        Assert.Equal(count, fresh.Count);
        Assert.All(fresh, f => Assert.Equal((message, commit, "trade_echo", "BTC-USD"), (f.Message, f.Commit, f.Signal, f.Symbol)));
    }

    private void AppendTrades(int count)
    {
        var id = _writer.Intern("BTC-USD");
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        for (var i = 0; i < count; i++)
        {
            var ts = start + (_nextTrade * 1_000_000);
            _writer.Append(new Trade(id, ts, ts, (100 + _nextTrade) * FixedPoint.Scale, FixedPoint.Scale, Side.Buy, (ulong)_nextTrade));
            _nextTrade++;
        }
        _writer.Commit();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            if (timeout.IsCancellationRequested) throw new TimeoutException($"waited {Patience} for {what}");
            await Task.Delay(5, CancellationToken.None);
        }
    }

    public Task DisposeAsync()
    {
        _writer.Dispose();
        _feed.Dispose();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
