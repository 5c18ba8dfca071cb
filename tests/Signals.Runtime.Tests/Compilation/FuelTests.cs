using Signals.Library.Sandbox;

namespace Signals.Runtime.Tests.Compilation;

/// <summary>Signals that never end on their own: the rewritten code must stop each on its fuel, and the test thread carries on.</summary>
public sealed class FuelTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        // name, OnTimer body, extra member
        { "while true", "while (true) { }", "" },
        { "for ever", "for (;;) ;", "" },
        { "do while", "do { } while (true);", "" },
        { "foreach over endless enumerable", "foreach (var x in new Endless()) { }", "private sealed class Endless : IEnumerable<int> { public IEnumerator<int> GetEnumerator() => new E(); System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator(); private sealed class E : IEnumerator<int> { public int Current => 1; object System.Collections.IEnumerator.Current => 1; public bool MoveNext() => true; public void Reset() { } public void Dispose() { } } }" },
        { "goto loop", "top: goto top;", "" },
        { "goto case loop", "var i = 0; switch (i) { case 0: goto case 1; case 1: goto case 0; }", "" },
        { "loop in lambda", "Action spin = () => { while (true) { } }; spin();", "" },
        { "recursion in expression lambda", "Func<int, int> f = null!; f = x => f(x + 1) + 1; f(0);", "" },
        { "loop in local function", "void Spin() { while (true) { } } Spin();", "" },
        { "loop in getter", "_ = Spin;", "private int Spin { get { while (true) { } } }" },
        { "loop in operator", "_ = this + this;", "public static Probe operator +(Probe a, Probe b) { while (true) { } }" },
        { "loop in ToString", "_ = ToString();", "public override string ToString() { while (true) { } }" },
        { "loop in conversion", "long x = this;", "public static implicit operator long(Probe p) { while (true) { } }" },
        { "loop in constructor", "_ = new Spinner();", "private sealed class Spinner { public Spinner() { while (true) { } } }" },
        { "catch all around loop", "while (true) { try { while (true) { } } catch { } }", "" },
        { "catch exception when true", "while (true) { try { while (true) { } } catch (Exception) when (true) { } }", "" },
        { "catch budget exception by variable", "while (true) { try { while (true) { } } catch (Exception e) { context.Log(e.Message); } }", "" },
        { "finally loops", "try { throw new InvalidOperationException(); } finally { while (true) { } }", "" },
        { "catch after exhaustion in finally", "while (true) { try { try { while (true) { } } finally { } } catch { } }", "" },
        { "deep recursion", "Down(0);", "private int Down(int n) => Down(n + 1) + 1;" },
        { "mutual recursion", "Ping(0);", "private int Ping(int n) => Pong(n + 1); private int Pong(int n) => Ping(n + 1);" },
        { "recursion in getter", "_ = Deep;", "private int Deep => Deep + 1;" },
        { "linq with endless lambda", "var s = Enumerable.Range(0, int.MaxValue).Select(i => i + 1).Count();", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_EndlessSignal_StoppedByBudget(string name, string body, string member)
    {
        var result = Probe.Compile(Probe.InTimer(body, member));
        Assert.True(result.Success, $"{name}:\n{string.Join("\n", result.Diagnostics)}");
        using var loaded = Probe.Load(result, budget: 100_000, maxDepth: 64);

        var error = Record.Exception(() => loaded.Signal.OnTimer(loaded.SignalContext));

        Assert.IsType<SignalBudgetExceededException>(error);
        Assert.True(loaded.Meter.IsExhausted, name);
    }

    [Fact]
    public void Run_AfterExhaustion_RefillRunsAgain()
    {
        var result = Probe.CompileOk(Probe.InTimer("for (var i = 0; i < Limit; i++) { }", "public int Limit = int.MaxValue;"));
        using var loaded = Probe.Load(result, budget: 1_000);
        Assert.Throws<SignalBudgetExceededException>(() => loaded.Signal.OnTimer(loaded.SignalContext));

        loaded.Meter.Refill(1_000);
        loaded.Signal.GetType().GetField("Limit")!.SetValue(loaded.Signal, 10);
        loaded.Signal.OnTimer(loaded.SignalContext);

        Assert.False(loaded.Meter.IsExhausted);
        Assert.Equal(0, loaded.Meter.Depth);
    }

    [Fact]
    public void Run_Handler_EntryIsNotChargedButItsCallsAre()
    {
        var result = Probe.CompileOk(Probe.InTimer("Helper(); Helper();", "private void Helper() { }"));
        using var loaded = Probe.Load(result, budget: 1_000);
        loaded.Meter.Refill(1_000);

        loaded.Signal.OnTimer(loaded.SignalContext);

        // Two entries into Helper; none for OnTimer, which only the runtime enters (with a fresh meter).
        Assert.Equal(998, loaded.Meter.Remaining);
        Assert.Equal(0, loaded.Meter.Depth);
    }
}
