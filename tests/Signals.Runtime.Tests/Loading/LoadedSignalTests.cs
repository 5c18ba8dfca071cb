using System.Runtime.CompilerServices;
using Signals.Runtime.Compilation;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Loading;
using Signals.Runtime.Tests.Support;

namespace Signals.Runtime.Tests.Loading;

/// <summary>Alone: the memory test reads the process's heap, which tests running beside it would move.</summary>
[CollectionDefinition(nameof(LoadedSignalTests), DisableParallelization = true)]
public sealed class LoadedSignalTestsCollection;

[Collection(nameof(LoadedSignalTests))]
public sealed class LoadedSignalTests
{
    private static readonly SignalCompiler Compiler = new();

    public static TheoryData<string> Examples() => [.. Directory.GetFiles(RepoPaths.Signals, "*.cs").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order()];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_CompilesThroughTheSandbox_LoadsAndConfigures(string name)
    {
        var compiled = Compiler.Compile($"signals/{name}.cs", File.ReadAllText(Path.Combine(RepoPaths.Signals, name + ".cs")));
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors));

        var loaded = LoadedSignal.Load(compiled, new SignalIdentity(name, "test", compiled.SourceHash));
        using var evaluator = new SignalEvaluator(new CollectingSink());
        var result = evaluator.Load(loaded.Definition());

        Assert.True(result.Loaded, result.Error);
        Assert.NotNull(loaded.Meter);
    }

    [Fact]
    public void Unload_AfterTheEvaluatorLetsGo_TheContextIsCollected()
    {
        var compiled = Compiler.Compile("signals/spread_blowout.cs", File.ReadAllText(Path.Combine(RepoPaths.Signals, "spread_blowout.cs")));
        var weak = LoadRunUnload(compiled);

        Assert.True(Collected(weak), "the signal's load context is still alive after unload");
    }

    [Fact]
    public void Reload_AThousandTimes_MemoryStaysFlat()
    {
        var compiled = Compiler.Compile("signals/vwap_deviation.cs", File.ReadAllText(Path.Combine(RepoPaths.Signals, "vwap_deviation.cs")));
        // Warm up the paths, then measure: a leak of one context per reload would show as ~MBs.
        for (var i = 0; i < 50; i++) LoadRunUnload(compiled);
        var before = SettledMemory();
        var contexts = new WeakReference[1000];
        for (var i = 0; i < contexts.Length; i++) contexts[i] = LoadRunUnload(compiled);
        var after = SettledMemory();

        Assert.True(Collected(contexts[^1]), "the last version's context is still alive");
        Assert.Equal(0, contexts.Count(c => c.IsAlive));
        Assert.True(after - before < 8 * 1024 * 1024, $"managed memory grew by {(after - before) / 1024} KiB over 1,000 reloads");
    }

    [Fact]
    public void Context_RefusesAssembliesOutsideTheAllowlist()
    {
        var context = new SignalLoadContext("probe", SignalCompiler.AllowedAssemblies);
        try
        {
            Assert.Throws<FileNotFoundException>(() => context.LoadFromAssemblyName(new System.Reflection.AssemblyName("System.Net.Http")));
            Assert.Same(typeof(Signals.Library.Signal).Assembly, context.LoadFromAssemblyName(typeof(Signals.Library.Signal).Assembly.GetName()));
            Assert.Contains(context.Refused, n => n.StartsWith("System.Net.Http", StringComparison.Ordinal));
        }
        finally
        {
            context.Unload();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadRunUnload(SignalCompileResult compiled)
    {
        var loaded = LoadedSignal.Load(compiled, new SignalIdentity("probe", "test", compiled.SourceHash));
        using (var evaluator = new SignalEvaluator(new CollectingSink()))
        {
            Assert.True(evaluator.Load(loaded.Definition()).Loaded);
            evaluator.Unload("probe");
        }
        return loaded.Unload();
    }

    private static bool Collected(WeakReference weak)
    {
        for (var i = 0; i < 20 && weak.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return !weak.IsAlive;
    }

    private static long SettledMemory()
    {
        for (var i = 0; i < 5; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
