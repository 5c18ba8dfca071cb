using Signals.Runtime.Compilation;

namespace Signals.Runtime.Tests.Compilation;

/// <summary>Hostile signals the compiler must refuse, each at the right layer and the exact line.</summary>
public sealed class HostileCompileTests
{
    public static TheoryData<string, string, int, string> Cases => new()
    {
        // name, source, line, layer
        { "file", Probe.InConfigure("var t = System.IO.File.ReadAllText(\"/etc/passwd\");"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "process", Probe.InConfigure("System.Diagnostics.Process.Start(\"sh\");"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "socket", Probe.InConfigure("var s = new System.Net.Sockets.Socket(default, default, default);"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "tcp client", Probe.InConfigure("var c = new System.Net.Sockets.TcpClient(\"example.com\", 80);"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "http", Probe.InConfigure("var c = new System.Net.Http.HttpClient();"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "env var", Probe.InConfigure("var h = Environment.GetEnvironmentVariable(\"HOME\");"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "env exit", Probe.InConfigure("Environment.Exit(1);"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "env failfast", Probe.InConfigure("Environment.FailFast(\"bye\");"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "reflection invoke", Probe.InConfigure("Type.GetType(\"System.IO.File\")!.GetMethod(\"Delete\")!.Invoke(null, new object[] { \"x\" });"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "activator", Probe.InConfigure("var o = Activator.CreateInstance(typeof(object));"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "create delegate", Probe.InConfigure("var d = Delegate.CreateDelegate(typeof(Func<string>), new object(), \"ToString\");"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "expression compile", Probe.InConfigure("var f = System.Linq.Expressions.Expression.Lambda<Func<int>>(System.Linq.Expressions.Expression.Constant(1)).Compile();"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "dynamic", Probe.InConfigure("dynamic d = setup; d.Describe(\"x\");"), Probe.ConfigureLine, DiagnosticLayers.Syntax },
        { "unsafe as", Probe.InConfigure("int x = 1; ref long y = ref System.Runtime.CompilerServices.Unsafe.As<int, long>(ref x);"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "memory marshal", Probe.InConfigure("var a = new int[1]; ref int r = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a.AsSpan());"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "unsafe accessor", Probe.WithMember("[System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = \"Freeze\")] static extern void Freeze(SignalSetup s);"), Probe.MemberLine, DiagnosticLayers.Syntax },
        { "dll import", Probe.WithMember("[System.Runtime.InteropServices.DllImport(\"libc\")] static extern int getpid();"), Probe.MemberLine, DiagnosticLayers.Syntax },
        { "explicit layout", Probe.WithMember("[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)] struct Overlap { [System.Runtime.InteropServices.FieldOffset(0)] public long A; [System.Runtime.InteropServices.FieldOffset(0)] public double B; }"), Probe.MemberLine, DiagnosticLayers.Syntax },
        { "finalizer", Probe.WithMember("~Probe() { }"), Probe.MemberLine, DiagnosticLayers.Syntax },
        { "module initializer", Probe.WithMember("[System.Runtime.CompilerServices.ModuleInitializer] internal static void Init() { }"), Probe.MemberLine, DiagnosticLayers.Syntax },
        { "static constructor", Probe.WithMember("static Probe() { while (true) { } }"), Probe.MemberLine, DiagnosticLayers.Syntax },
        { "thread", Probe.InConfigure("new System.Threading.Thread(() => { }).Start();"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "task run", Probe.InConfigure("System.Threading.Tasks.Task.Run(() => { });"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "timer", Probe.InConfigure("var t = new System.Threading.Timer(_ => { }, null, 0, 1);"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "parallel for", Probe.InConfigure("System.Threading.Tasks.Parallel.For(0, 10, i => { });"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "datetime now", Probe.InConfigure("var now = DateTime.Now;"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "stopwatch", Probe.InConfigure("var t = System.Diagnostics.Stopwatch.GetTimestamp();"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "tick count", Probe.InConfigure("var t = Environment.TickCount;"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "random", Probe.InConfigure("var r = new Random();"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "get type", Probe.InConfigure("var t = this.GetType();"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "foreach banned enumerator", Probe.InConfigure("foreach (var f in System.IO.Directory.EnumerateFiles(\"..\")) { }"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "foreach banned element", Probe.InConfigure("foreach (var w in new List<System.IO.StringWriter>()) { }"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "using banned disposable", Probe.InConfigure("using (var w = new System.IO.StringWriter()) { }"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "linq query banned source", Probe.InConfigure("var q = from f in System.IO.Directory.GetFiles(\".\") select f;"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "implicit conversion body", Probe.WithMember("public static implicit operator string(Probe p) => System.IO.File.ReadAllText(\"x\");"), Probe.MemberLine, DiagnosticLayers.Allowlist },
        { "interpolated handler arg", Probe.InConfigure("var s = $\"{System.IO.File.ReadAllText(\"x\")}\";"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "static field", Probe.WithMember("static int counter;"), Probe.MemberLine, DiagnosticLayers.Allowlist },
        { "static cache", Probe.WithMember("static List<int> cache = new();"), Probe.MemberLine, DiagnosticLayers.Allowlist },
        { "static readonly array", Probe.WithMember("static readonly int[] table = [1, 2];"), Probe.MemberLine, DiagnosticLayers.Allowlist },
        { "static property setter", Probe.WithMember("static int Count { get; set; }"), Probe.MemberLine, DiagnosticLayers.Allowlist },
        { "unsafe block", Probe.InConfigure("unsafe { }"), Probe.ConfigureLine, DiagnosticLayers.Syntax },
        { "pointer", Probe.WithMember("static int* P;"), Probe.MemberLine, DiagnosticLayers.Syntax },
        { "stackalloc too big", Probe.InConfigure("Span<int> s = stackalloc int[100000];"), Probe.ConfigureLine, DiagnosticLayers.Syntax },
        { "extern", Probe.WithMember("static extern void Native();"), Probe.MemberLine, DiagnosticLayers.Syntax },
        { "lock", Probe.InConfigure("lock (setup) { }"), Probe.ConfigureLine, DiagnosticLayers.Syntax },
        { "async", Probe.WithMember("async void Later() { }"), Probe.MemberLine, DiagnosticLayers.Syntax },
        { "yield", Probe.WithMember("IEnumerable<int> Many() { yield return 1; }"), Probe.MemberLine, DiagnosticLayers.Syntax },
        { "pragma", Probe.WithMember("#pragma warning disable CS0168"), Probe.MemberLine, DiagnosticLayers.Syntax },
        { "line directive", Probe.WithMember("#line 1 \"elsewhere.cs\""), Probe.MemberLine, DiagnosticLayers.Syntax },
        { "reserved name", Probe.InConfigure("__DeepwaterFuel.Meter.Refill(long.MaxValue);"), Probe.ConfigureLine, DiagnosticLayers.Syntax },
        // Handlers are entered by the runtime alone (it refills the meter first, so their entry is not charged).
        { "handler called", Probe.InConfigure("OnTimer(null!);"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "handler recursion", Probe.InTimer("OnTimer(context);"), Probe.TimerLine, DiagnosticLayers.Allowlist },
        { "base handler called", Probe.InConfigure("base.OnTrade(default, null!);"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "handler through base type", Probe.InConfigure("Signal self = this; self.OnTimer(null!);"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "handler delegate", Probe.InConfigure("Action<SignalContext> again = OnTimer;"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "handler in lambda", Probe.InConfigure("Action again = () => Configure(setup);"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "fuel meter", Probe.InConfigure("var m = new Signals.Library.Sandbox.FuelMeter();"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "assembly attribute", Probe.WithMember("").Insert(0, "[assembly: System.Reflection.AssemblyTitle(\"x\")]\n"), 1, DiagnosticLayers.Syntax },
        { "delegate method", Probe.InConfigure("Func<int> f = () => 1; var m = f.Method;"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "dynamic invoke", Probe.InConfigure("Func<int> f = () => 1; var r = f.DynamicInvoke();"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "gc", Probe.InConfigure("GC.Collect();"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "console", Probe.InConfigure("Console.WriteLine(\"hi\");"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "current culture", Probe.InConfigure("var c = System.Globalization.CultureInfo.CurrentCulture;"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "new guid", Probe.InConfigure("var g = Guid.NewGuid();"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "array create instance", Probe.InConfigure("var a = Array.CreateInstance(typeof(int), 3);"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "banned base type", Probe.WithMember("sealed class Leak : System.IO.MemoryStream { }"), Probe.MemberLine, DiagnosticLayers.Allowlist },
        { "banned catch type", Probe.InConfigure("try { } catch (System.IO.IOException) { }"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "banned typeof", Probe.InConfigure("var t = typeof(System.IO.File);"), Probe.ConfigureLine, DiagnosticLayers.Allowlist },
        { "banned deconstruct", Probe.WithMember("void Take((int, int) p) { var (a, b) = new KeyValuePair<System.IO.Stream, int>(null!, 1); }"), Probe.MemberLine, DiagnosticLayers.Allowlist },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compile_HostileSignal_RejectedAtLayerAndLine(string name, string source, int line, string layer)
    {
        var result = Probe.Compile(source);

        Assert.False(result.Success, $"{name}: compiled");
        Assert.True(result.Assembly.IsEmpty);
        var errors = result.Errors.ToList();
        Assert.True(errors.Exists(e => e.Layer == layer && e.Line == line),
            $"{name}: wanted a {layer} error at line {line}, got:\n{string.Join("\n", errors)}");
        Assert.All(errors.Where(e => e.Layer is not DiagnosticLayers.Compile), e => Assert.NotEmpty(e.Hint));
        Assert.All(errors, e => Assert.Equal(Probe.File, e.File));
    }

    [Fact]
    public void Compile_DateTimeNow_NamesMemberAndHintsEventClock()
    {
        var result = Probe.Compile(Probe.InConfigure("var now = DateTime.Now;"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("DW2002", error.Id);
        Assert.Contains("System.DateTime.Now", error.Message, StringComparison.Ordinal);
        Assert.Contains("context.Now", error.Hint, StringComparison.Ordinal);
        Assert.Equal(Probe.ConfigureLine, error.Line);
        Assert.Equal("        var now = DateTime.".Length + 1, error.Column);
    }

    [Fact]
    public void Compile_UnreferencedType_SaysSandboxNotMissingUsing()
    {
        var result = Probe.Compile(Probe.InConfigure("System.Diagnostics.Process.Start(\"sh\");"));

        var error = Assert.Single(result.Errors);
        Assert.Equal(DiagnosticLayers.Allowlist, error.Layer);
        Assert.Contains("not available to signals", error.Message, StringComparison.Ordinal);
        Assert.Contains("processes", error.Hint, StringComparison.Ordinal);
    }
}
