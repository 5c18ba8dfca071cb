using Signals.Runtime.Evaluation;
using Xunit.Abstractions;
using Signals.Runtime.Tests.Support;
using Signals.Runtime.Worker;
using static Signals.Runtime.Tests.Worker.WorkerSignals;

namespace Signals.Runtime.Tests.Worker;

/// <summary>
/// The host survives a worker that dies inside a signal: the culprit is quarantined with the right
/// reason, the worker restarts once, and a healthy signal beside it fires exactly as in process.
/// </summary>
public sealed class WorkerCrashTests(ITestOutputHelper output)
{
    private readonly TestLogger<WorkerSignalHost> _log = new(output);

    [Theory]
    [InlineData("stackoverflow", "stack overflow")]
    [InlineData("failfast", "FailFast")]
    public async Task Crash_InASignal_QuarantinesItAndTheHealthySignalFiresAsInProcess(string kind, string reason)
    {
        using var data = Trades(3_000);
        var steady = Compile("steady", Steady);
        var victim = Compile("victim", Victim);
        var expected = InProcess([steady], data.Journal);
        var sink = new CollectingSink();

        await using (var host = WorkerSignalHost.Start(sink, Crashing("victim", kind, 1_200), _log))
        {
            Assert.True(host.Load(steady).Loaded);
            Assert.True(host.Load(victim).Loaded);
            var firstPid = host.WorkerProcessId;

            var replay = await ReplayAsync(host, data.Journal);

            Assert.Equal(3_000, replay.Events);
            Assert.Equal(1, host.Restarts);
            Assert.NotEqual(firstPid, host.WorkerProcessId);
            var statuses = host.GetStatuses();
            var quarantined = Assert.Single(statuses, s => s.Name == "victim");
            Assert.Equal(SignalState.Quarantined, quarantined.State);
            Assert.Contains(reason, quarantined.QuarantineReason, StringComparison.Ordinal);
            if (kind == "failfast") Assert.Contains("test hook: FailFast in signal victim", quarantined.QuarantineReason, StringComparison.Ordinal);
            Assert.Equal(SignalState.Running, Assert.Single(statuses, s => s.Name == "steady").State);
        }

        Assert.NotEmpty(expected);
        Assert.Equal(Encode(expected), Encode(sink.Fires, "steady"));
        // The victim fired until its crash: what it fired before the lost batch was delivered, once.
        var victimFires = sink.Fires.Where(f => f.Signal == "victim").ToList();
        Assert.NotEmpty(victimFires);
        Assert.Equal(victimFires.Count, victimFires.Select(f => f.TriggerSequence).Distinct().Count());
    }

    [Fact]
    public async Task Crash_WithoutAWarmupWindow_TheSurvivorStartsAfresh()
    {
        using var data = Trades(3_000);
        var steady = Compile("steady", Steady);
        var expected = InProcess([steady], data.Journal);
        var sink = new CollectingSink();

        await using (var host = WorkerSignalHost.Start(sink, Crashing("victim", "failfast", 1_200) with { WarmupEvents = 0 }, _log))
        {
            Assert.True(host.Load(steady).Loaded);
            Assert.True(host.Load(Compile("victim", Victim)).Loaded);
            await ReplayAsync(host, data.Journal);
            Assert.Equal(1, host.Restarts);
        }

        // No events lost and none fired twice, but its count restarted: the replayed batches are exact only with warm-up.
        var fires = sink.Fires.Where(f => f.Signal == "steady").ToList();
        Assert.Equal(fires.Count, fires.Select(f => (f.TsEvent, f.TriggerSequence, f.Type, f.Symbol)).Distinct().Count());
        Assert.NotEqual(Encode(expected), Encode(fires));
    }

    [Fact]
    public async Task OutOfMemory_InASignal_KillsOnlyTheWorker()
    {
        using var data = Trades(2_000);
        var steady = Compile("steady", Steady);
        var hog = Compile("hog", Hog);
        var expected = InProcess([steady], data.Journal);
        var sink = new CollectingSink();

        await using (var host = WorkerSignalHost.Start(sink, Options() with { HeapHardLimitBytes = 64L * 1024 * 1024 }, _log))
        {
            Assert.True(host.Load(steady).Loaded);
            Assert.True(host.Load(hog).Loaded);

            await ReplayAsync(host, data.Journal);

            Assert.Equal(1, host.Restarts);
            var status = Assert.Single(host.GetStatuses(), s => s.Name == "hog");
            Assert.Equal(SignalState.Quarantined, status.State);
            Assert.Contains("out of memory", status.QuarantineReason, StringComparison.Ordinal);
        }

        Assert.Equal(Encode(expected), Encode(sink.Fires, "steady"));
    }

    [Fact]
    public async Task CrashInConfigure_FailsTheLoad_AndTheOthersCarryOn()
    {
        using var data = Trades(500);
        var steady = Compile("steady", Steady);
        var victim = Compile("victim", Victim);
        var expected = InProcess([steady], data.Journal);
        var sink = new CollectingSink();

        // Call 1 of a signal is its factory and Configure.
        await using (var host = WorkerSignalHost.Start(sink, Crashing("victim", "failfast", 0), _log))
        {
            Assert.True(host.Load(steady).Loaded);
            var result = host.Load(victim);

            Assert.False(result.Loaded);
            Assert.Contains("FailFast", result.Error, StringComparison.Ordinal);
            await ReplayAsync(host, data.Journal);
            Assert.Equal(1, host.Restarts);
            Assert.Equal(["steady"], host.GetStatuses().Select(s => s.Name));
        }

        Assert.Equal(Encode(expected), Encode(sink.Fires));
    }

    [Fact]
    public async Task ThrowingSignal_IsQuarantinedByTheWorkersEvaluator_WithoutARestart()
    {
        using var data = Trades(300);
        var sink = new CollectingSink();

        await using var host = WorkerSignalHost.Start(sink, Options(), _log);
        Assert.True(host.Load(Compile("thrower", ThrowerSource)).Loaded);
        await ReplayAsync(host, data.Journal);

        var status = Assert.Single(host.GetStatuses());
        Assert.Equal(SignalState.Quarantined, status.State);
        Assert.Contains("boom", status.QuarantineReason, StringComparison.Ordinal);
        Assert.Equal(0, host.Restarts);
    }

    [Fact]
    public void TestHooks_WithoutTheVariable_TheWorkerRefusesToStart()
    {
        var options = Options() with { ExtraArguments = ["--test-crash", "victim:failfast"] };

        Assert.Throws<InvalidOperationException>(() => WorkerSignalHost.Start(new CollectingSink(), options, _log));
    }
}
