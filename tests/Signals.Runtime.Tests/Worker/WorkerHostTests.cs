using Signals.Runtime.Evaluation;
using Xunit.Abstractions;
using Signals.Runtime.Tests.Support;
using Signals.Runtime.Worker;
using Signals.Runtime.Worker.Internal;
using static Signals.Runtime.Tests.Worker.WorkerSignals;

namespace Signals.Runtime.Tests.Worker;

/// <summary>The worker gives the in-process evaluator's fires byte for byte, and its host behaves like the evaluator.</summary>
public sealed class WorkerHostTests(ITestOutputHelper output)
{
    private readonly TestLogger<WorkerSignalHost> _log = new(output);

    public static TheoryData<int> BatchSizes() => [1, 97, 4096];

    [Theory]
    [MemberData(nameof(BatchSizes))]
    public async Task Replay_InTheWorker_GivesTheInProcessFiresByteForByte(int batchEvents)
    {
        using var coinbase = Trades(4_000, "coinbase", seed: 3);
        using var kraken = Trades(3_000, "kraken", seed: 4);
        WorkerSignal[] signals =
        [
            Compile("steady", Steady),
            Compile("victim", Victim),
            .. Directory.GetFiles(RepoPaths.Signals, "*.cs").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order().Select(Example),
        ];
        var expected = InProcess(signals, coinbase.Journal, kraken.Journal);
        var sink = new CollectingSink();

        await using (var host = WorkerSignalHost.Start(sink, Options(batchEvents), _log))
        {
            foreach (var signal in signals) Assert.True(host.Load(signal).Loaded, signal.Name);
            var replay = await ReplayAsync(host, coinbase.Journal, kraken.Journal);

            Assert.Equal(7_000, replay.Events);
            Assert.Equal(expected.Count, replay.Fires);
            Assert.Equal(0, host.Restarts);
        }

        Assert.NotEmpty(expected);
        Assert.Equal(Encode(expected), Encode(sink.Fires));
    }

    [Fact]
    public async Task LoadReplaceUnload_BetweenBatches_BehaveAsInProcess()
    {
        using var data = Trades(600);
        var sink = new CollectingSink();
        await using var host = WorkerSignalHost.Start(sink, Options(64), _log);
        var feed = host.RegisterFeed("coinbase", data.Journal.Symbols);

        Assert.True(host.Load(Compile("steady", Steady)).Loaded);
        Assert.False(host.Load(Compile("steady", Steady)).Loaded);
        Process(host, feed, data, 0, 300);
        Assert.True(host.Replace("steady", Compile("steady", Steady, commit: "c2")).Loaded);
        Process(host, feed, data, 300, 600);
        host.Flush();

        Assert.Contains(sink.Fires, f => f.Commit == "c1");
        Assert.Contains(sink.Fires, f => f.Commit == "c2");
        Assert.True(sink.Fires.SkipWhile(f => f.Commit == "c1").All(f => f.Commit == "c2"));
        var status = host.Unload("steady");
        Assert.Equal(SignalState.Unloaded, status?.State);
        Assert.Empty(host.GetStatuses());
        Assert.Null(host.Unload("steady"));
    }

    [Fact]
    public void FindDotnet_FromTheTestProcess_FindsAnExistingMuxer()
    {
        var dotnet = WorkerLauncher.FindDotnet();

        Assert.NotNull(dotnet);
        Assert.True(File.Exists(dotnet), dotnet);
        var folder = Path.Combine(AppContext.BaseDirectory, WorkerLauncher.WorkerFolder);
        Assert.Equal(Path.Combine(folder, WorkerLauncher.WorkerFile), WorkerLauncher.WorkerPath(new WorkerOptions()));
        Assert.True(File.Exists(Path.Combine(folder, WorkerLauncher.WorkerFile)), "the worker is not beside the test binaries");
        Assert.True(File.Exists(Path.Combine(folder, "Signals.Worker.runtimeconfig.json")), "the worker's runtimeconfig is not beside the test binaries");
    }

    [Fact]
    public async Task Start_WithTheMuxerOfTheRunningRuntime_AsUnderAnApphost_Works()
    {
        // Under an apphost (deepwater) the process is not dotnet: the host falls back to the runtime's own install.
        var muxer = WorkerLauncher.FromRuntimeDirectory();
        Assert.NotNull(muxer);

        await using var host = WorkerSignalHost.Start(new CollectingSink(), Options() with { DotnetPath = muxer }, _log);
        Assert.True(host.Load(Compile("steady", Steady)).Loaded);
    }

    [Fact]
    public void IsolationPolicy_DraftsAndAgentSignalsRunInTheWorker()
    {
        var inProcess = new SignalIsolationPolicy(CommittedInProcess: true);
        var committed = new SignalIdentity("s", "abc123", "h");

        Assert.Equal(SignalIsolation.InProcess, inProcess.For(committed, agentWritten: false));
        Assert.Equal(SignalIsolation.Worker, inProcess.For(committed, agentWritten: true));
        Assert.Equal(SignalIsolation.Worker, inProcess.For(committed with { Commit = "" }, agentWritten: false));
        Assert.Equal(SignalIsolation.Worker, new SignalIsolationPolicy().For(committed, agentWritten: false));
    }

    private static void Process(WorkerSignalHost host, FeedHandle feed, FeedWriter data, long from, long to)
    {
        using var reader = data.Journal.OpenReader();
        while (reader.TryRead(out var record))
        {
            if (record.Sequence > from && record.Sequence <= to) host.Process(new EventEnvelope(feed, in record));
        }
    }
}
