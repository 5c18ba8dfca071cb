using Signals.Library;
using Signals.Runtime.Compilation;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Loading;
using Signals.Runtime.Plugins;
using Signals.Runtime.Tests.Examples;
using Signals.Runtime.Tests.Support;

namespace Signals.Runtime.Tests.Plugins;

/// <summary>The TradeIntensity plugin, loaded from its built assembly (the test project builds it but does not reference it).</summary>
public sealed class TradeIntensityPluginTests
{
    private const string Plugin = "Deepwater.Plugins.TradeIntensity";
    private const int Every = 500;
    private const double HalfLifeNanos = 10e9;

    private const string Source = """
        using Deepwater.Plugins.TradeIntensity;

        /// <summary>Reads the plugin's trade intensity every 500 trades.</summary>
        public sealed class Intensity : Signal
        {
            private StateKey<TradeIntensityState> _intensity = null!;
            private long _trades;

            public override void Configure(SignalSetup setup)
            {
                setup.Describe("Trade intensity (10 s half-life) every 500 trades.");
                setup.Subscribe("*", "*", EventKinds.Trade);
                _intensity = setup.Use(TradeIntensity.Of(TimeSpan.FromSeconds(10)));
            }

            public override void OnTrade(in Trade trade, SignalContext context)
            {
                var state = context.State(_intensity);
                if (++_trades % 500 != 0 || !state.IsWarm) return;
                context.Fire("intensity", ("trades_per_second", state.TradesPerSecond), ("volume_per_second", state.VolumePerSecond));
            }
        }
        """;

    private static PluginCatalog Catalog() => PluginCatalog.Load(RepoPaths.PluginOutput(Plugin));

    [Fact]
    public void Catalog_LoadsThePluginFromItsBuildOutput_WithItsPublicTypes()
    {
        var catalog = Catalog();

        var plugin = Assert.Single(catalog.Plugins);
        Assert.Equal(Plugin, plugin.Name);
        Assert.Equal(["Deepwater.Plugins.TradeIntensity.TradeIntensity", "Deepwater.Plugins.TradeIntensity.TradeIntensityState"], plugin.PublicTypes);
        // One instance per process, in the default context: builders are shared, so their types must be one identity.
        Assert.Same(catalog.Resolve(Plugin), Catalog().Resolve(Plugin));
        Assert.Equal(System.Runtime.Loader.AssemblyLoadContext.Default, System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(catalog.Resolve(Plugin)!));
    }

    [Fact]
    public void Compile_WithPlugin_RunsOverTardisTrades_AndMatchesANaiveDecayedCount()
    {
        var catalog = Catalog();
        var compiled = catalog.CreateCompiler().Compile("signals/intensity.cs", Source);
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors));

        var fires = Run(catalog, compiled, "intensity");

        var trades = ReferenceData.Tardis.Trades.Select(t => t.Trade).ToList();
        var expected = new List<ExpectedFire>();
        var rate = Math.Log(2) / HalfLifeNanos;
        for (var i = Every - 1; i < trades.Count; i += Every)
        {
            var now = trades[i].TsRecv;
            if (now - trades[0].TsRecv < HalfLifeNanos) continue;
            // Every trade so far, weighted by how long ago it printed: the decayed count, summed from scratch.
            double count = 0, volume = 0;
            for (var j = 0; j <= i; j++)
            {
                var weight = Math.Exp(-rate * (now - trades[j].TsRecv));
                count += weight;
                volume += weight * trades[j].Size / 1e9;
            }
            expected.Add(new ExpectedFire(now, FireKind.Fire, "intensity", ("trades_per_second", count * rate * 1e9), ("volume_per_second", volume * rate * 1e9)));
        }
        ExampleRun.AssertMatches(expected, fires);
    }

    [Fact]
    public void TwoSignals_UsingTheSamePluginSpec_ShareOneBuilder()
    {
        var catalog = Catalog();
        var compiler = catalog.CreateCompiler();
        var a = LoadedSignal.Load(compiler.Compile("signals/a.cs", Source), new SignalIdentity("a", "test", "a"), plugins: catalog);
        var b = LoadedSignal.Load(compiler.Compile("signals/b.cs", Source + "\n// b"), new SignalIdentity("b", "test", "b"), plugins: catalog);
        var sink = new CollectingSink();
        using (var evaluator = new SignalEvaluator(sink))
        {
            Assert.True(evaluator.Load(a.Definition()).Loaded);
            Assert.True(evaluator.Load(b.Definition()).Loaded);
            evaluator.Replay(ReferenceData.Tardis.Journal);

            Assert.Single(evaluator.Graph.Specs);
            evaluator.Unload("a");
            evaluator.Unload("b");
        }
        Assert.Equal(sink.Fires.Where(f => f.Signal == "a").Select(f => f.Fields[0].Number), sink.Fires.Where(f => f.Signal == "b").Select(f => f.Fields[0].Number));
        a.Unload();
        b.Unload();
    }

    [Fact]
    public void Compile_WithoutPlugin_FailsNamingTheMissingPlugin()
    {
        var compiled = new SignalCompiler().Compile("signals/intensity.cs", Source);

        Assert.False(compiled.Success);
        var error = Assert.Single(compiled.Errors, e => e.Message.Contains("Deepwater", StringComparison.Ordinal));
        Assert.Equal(1, error.Line);
        Assert.Contains("not provided by any installed plugin", error.Message, StringComparison.Ordinal);
        Assert.Contains("plugins directory", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadContext_WithoutThePlugin_RefusesIt()
    {
        var catalog = Catalog();
        var compiled = catalog.CreateCompiler().Compile("signals/intensity.cs", Source);
        var loaded = LoadedSignal.Load(compiled, new SignalIdentity("intensity", "test", compiled.SourceHash));
        using var evaluator = new SignalEvaluator(new CollectingSink());

        // The context may not resolve an assembly outside its set: Configure fails on the plugin's type, nothing runs.
        var result = evaluator.Load(loaded.Definition());

        Assert.False(result.Loaded);
        Assert.Contains(Plugin, result.Error, StringComparison.Ordinal);
        loaded.Unload();
    }

    private static IReadOnlyList<SignalFire> Run(PluginCatalog catalog, SignalCompileResult compiled, string name)
    {
        var loaded = LoadedSignal.Load(compiled, new SignalIdentity(name, "test", compiled.SourceHash), plugins: catalog);
        var sink = new CollectingSink();
        using (var evaluator = new SignalEvaluator(sink))
        {
            var result = evaluator.Load(loaded.Definition());
            Assert.True(result.Loaded, result.Error);
            evaluator.Replay(ReferenceData.Tardis.Journal);
            Assert.Equal(0, evaluator.GetStatus(name)!.Errors);
            evaluator.Unload(name);
        }
        loaded.Unload();
        return sink.Fires;
    }
}
