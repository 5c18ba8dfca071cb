using System.Runtime.Loader;
using Signals.Library;
using Signals.Library.Sandbox;
using Signals.Runtime.Compilation;

namespace Signals.Runtime.Tests.Compilation;

/// <summary>Signal sources with the test's code at known lines, and a harness that loads and runs them.</summary>
internal static class Probe
{
    public const string File = "signals/probe.cs";

    /// <summary>The line <see cref="InConfigure"/> puts its code on.</summary>
    public const int ConfigureLine = 5;

    /// <summary>The line <see cref="WithMember"/> puts its member on.</summary>
    public const int MemberLine = 7;

    /// <summary>The line <see cref="InTimer"/> puts its code on.</summary>
    public const int TimerLine = 9;

    public static SignalCompiler Compiler { get; } = new();

    public static string InConfigure(string code) => Source(configure: code);

    public static string WithMember(string member) => Source(member: member);

    public static string InTimer(string code, string member = "") => Source(member: member, timer: code);

    private static string Source(string configure = "", string member = "", string timer = "") =>
        "public sealed class Probe : Signal\n" +
        "{\n" +
        "    public override void Configure(SignalSetup setup)\n" +
        "    {\n" +
        $"        {configure}\n" +
        "    }\n" +
        $"    {member}\n" +
        "    public override void OnTimer(SignalContext context)\n" +
        $"    {{ {timer}\n" +
        "    }\n" +
        "}\n";

    public static SignalCompileResult Compile(string source, SignalCompileOptions? options = null) => Compiler.Compile(File, source, options);

    public static SignalCompileResult CompileOk(string source)
    {
        var result = Compile(source);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result;
    }

    /// <summary>Loads a compiled signal into a collectible context, installs a meter, constructs it and runs Configure.</summary>
    public static Loaded Load(SignalCompileResult result, long budget = 200_000, int maxDepth = 64)
    {
        var context = new AssemblyLoadContext("probe-" + result.AssemblyName, isCollectible: true);
        using var image = new MemoryStream(result.Assembly.ToArray());
        var assembly = context.LoadFromStream(image);
        var meter = new FuelMeter(maxDepth);
        meter.Refill(budget);
        var field = assembly.GetType(SignalCompiler.FuelTypeName, throwOnError: true)!
            .GetField(SignalCompiler.FuelFieldName, System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)!;
        field.SetValue(null, meter);
        var signal = (Signal)Activator.CreateInstance(assembly.GetType(result.ClassName!, throwOnError: true)!)!;
        var setup = new SignalSetup("probe");
        signal.Configure(setup);
        var output = new RecordingOutput();
        return new Loaded(context, signal, setup, meter, new SignalContext("probe", output), output);
    }

    public sealed record Loaded(AssemblyLoadContext Context, Signal Signal, SignalSetup Setup, FuelMeter Meter, SignalContext SignalContext, RecordingOutput Output) : IDisposable
    {
        public void Dispose() => Context.Unload();
    }

    public sealed class RecordingOutput : ISignalOutput
    {
        public List<(string Message, FireField[] Fields)> Fires { get; } = [];

        public void Fire(SignalContext context, FireKind kind, Side side, string message, ReadOnlySpan<FireField> fields) => Fires.Add((message, fields.ToArray()));

        public void Log(SignalContext context, string message)
        {
        }
    }
}
