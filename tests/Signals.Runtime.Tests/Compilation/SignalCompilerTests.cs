using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Signals.Library;
using Signals.Runtime.Compilation;

namespace Signals.Runtime.Tests.Compilation;

public sealed class SignalCompilerTests
{
    [Fact]
    public void Compile_GoodSignal_LoadsAndConfigures()
    {
        var compiler = new SignalCompiler();
        var result = compiler.Compile(GoodSignal.File, GoodSignal.Source);

        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        Assert.Equal("Deepwater.Signals.TradeBurst", result.ClassName);
        Assert.Equal(64, result.SourceHash.Length);
        Assert.StartsWith("Signal.trade_burst.", result.AssemblyName, StringComparison.Ordinal);
        Assert.True(result.Metered);
        Assert.False(result.FromCache);

        using var loaded = Probe.Load(result);
        Assert.Equal("Trade volume in a short window of event time is unusually high.", loaded.Setup.Description);
        var subscription = Assert.Single(loaded.Setup.Subscriptions);
        Assert.Equal(EventKinds.Trade, subscription.Kinds);
        Assert.Equal(TimeSpan.FromSeconds(1), loaded.Setup.TimerPeriod);
        loaded.Signal.OnTimer(loaded.SignalContext);
        Assert.False(loaded.Meter.IsExhausted);
    }

    [Fact]
    public void Run_Fire_ReachesTheOutput()
    {
        var result = Probe.CompileOk(Probe.InTimer("context.Fire(\"x\", (\"a\", 1.0), (\"b\", 2));"));

        using var loaded = Probe.Load(result);
        loaded.Signal.OnTimer(loaded.SignalContext);

        var (message, fields) = Assert.Single(loaded.Output.Fires);
        Assert.Equal("x", message);
        Assert.Equal([FireField.Of("a", 1.0), FireField.Of("b", 2L)], fields);
    }

    [Fact]
    public void Compile_SameSourceTwice_SecondFromCacheWithSameBytes()
    {
        var compiler = new SignalCompiler();
        var first = compiler.Compile(GoodSignal.File, GoodSignal.Source);
        var second = compiler.Compile(GoodSignal.File, GoodSignal.Source);

        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(first.Assembly.ToArray(), second.Assembly.ToArray());
    }

    [Fact]
    public void Compile_SameSourceInTwoCompilers_IsDeterministic()
    {
        var a = new SignalCompiler().Compile(GoodSignal.File, GoodSignal.Source);
        var b = new SignalCompiler().Compile(GoodSignal.File, GoodSignal.Source);

        Assert.Equal(a.Assembly.ToArray(), b.Assembly.ToArray());
    }

    [Fact]
    public void Compile_UndefinedVariable_ReportsAuthorsFileLineAndColumn()
    {
        var result = Probe.Compile(Probe.InConfigure("var x = missing + 1;"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("CS0103", error.Id);
        Assert.Equal(DiagnosticLayers.Compile, error.Layer);
        Assert.Equal(Probe.File, error.File);
        Assert.Equal(Probe.ConfigureLine, error.Line);
        Assert.Equal("        var x = ".Length + 1, error.Column);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public sealed class A : Signal { public override void Configure(SignalSetup s) { } } public sealed class B : Signal { public override void Configure(SignalSetup s) { } }", "DW0003")]
    [InlineData("public class A : Signal { public override void Configure(SignalSetup s) { } }", "DW0002")]
    [InlineData("internal sealed class A : Signal { public override void Configure(SignalSetup s) { } }", "DW0002")]
    [InlineData("public sealed class A : Signal { public A(int x) { } public override void Configure(SignalSetup s) { } }", "DW0002")]
    [InlineData("public sealed class A { }", "DW0001")]
    public void Compile_WrongShape_ReportsSignalLayer(string source, string id)
    {
        var result = Probe.Compile(source);

        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.Id == id && e.Layer == DiagnosticLayers.Signal);
        Assert.Null(result.ClassName);
    }

    [Fact]
    public void Compile_Unmetered_HasNoFuelCalls()
    {
        var metered = Probe.CompileOk(Probe.InTimer("for (var i = 0; i < 10; i++) { }"));
        var unmetered = Probe.Compile(Probe.InTimer("for (var i = 0; i < 10; i++) { }"), new SignalCompileOptions { Metered = false });

        Assert.True(unmetered.Success, string.Join("\n", unmetered.Diagnostics));
        Assert.False(unmetered.Metered);
        Assert.NotEqual(metered.AssemblyName, unmetered.AssemblyName);
        Assert.Contains("Tick", MemberReferenceNames(metered));
        Assert.DoesNotContain("Tick", MemberReferenceNames(unmetered));
    }

    [Fact]
    public void Run_ExceptionAtLine_StackTraceNamesThatLine()
    {
        // Metered code, a block body and an expression body: both must keep the author's lines.
        var source = Probe.InTimer("var n = 1; if (n > 0) Boom();", "private static void Boom() => throw new InvalidOperationException(\"boom\");");
        var result = Probe.CompileOk(source);

        using var loaded = Probe.Load(result);
        var error = Assert.Throws<InvalidOperationException>(() => loaded.Signal.OnTimer(loaded.SignalContext));

        var frames = new StackTrace(error, fNeedFileInfo: true).GetFrames().Where(f => f.GetFileName() == Probe.File).ToList();
        Assert.Equal([Probe.MemberLine, Probe.TimerLine], frames.Select(f => f.GetFileLineNumber()));
    }

    [Fact]
    public void Run_ExceptionInsideLoopAndCatch_StackTraceNamesThatLine()
    {
        var source = string.Join('\n',
            "public sealed class Probe : Signal",
            "{",
            "    public override void Configure(SignalSetup setup) { }",
            "    public override void OnTimer(SignalContext context)",
            "    {",
            "        for (var i = 0; i < 3; i++)",
            "            try { Fail(i); }",
            "            catch (ArgumentException) { }",
            "    }",
            "    private static int Fail(int i)",
            "    {",
            "        while (i < 10) i++;",
            "        throw new InvalidOperationException(\"line 13\");",
            "    }",
            "}");
        using var loaded = Probe.Load(Probe.CompileOk(source));

        var error = Assert.Throws<InvalidOperationException>(() => loaded.Signal.OnTimer(loaded.SignalContext));

        var lines = new StackTrace(error, fNeedFileInfo: true).GetFrames().Where(f => f.GetFileName() == Probe.File).Select(f => f.GetFileLineNumber());
        Assert.Equal([13, 7], lines);
    }

    private static List<string> MemberReferenceNames(SignalCompileResult result)
    {
        using var pe = new PEReader(new MemoryStream(result.Assembly.ToArray()));
        var md = pe.GetMetadataReader();
        return [.. md.MemberReferences.Select(h => md.GetString(md.GetMemberReference(h).Name))];
    }
}
