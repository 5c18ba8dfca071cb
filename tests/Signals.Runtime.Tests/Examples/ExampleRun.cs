using Market.Core.Journal;
using Signals.Library;
using Signals.Runtime.Compilation;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Loading;
using Signals.Runtime.Tests.Support;

namespace Signals.Runtime.Tests.Examples;

/// <summary>A fire the naive recomputation expects: when, what kind, the message and the numbers.</summary>
internal sealed record ExpectedFire(long Time, FireKind Kind, string Message, params (string Name, double Value)[] Fields)
{
    public Side Side { get; init; } = Side.None;

    public string Symbol { get; init; } = "";

    public override string ToString() => $"{Time} {Symbol} {Kind} '{Message}' {string.Join(", ", Fields.Select(f => $"{f.Name}={f.Value:R}"))}";
}

/// <summary>What one example did on one replay: its fires and its final status.</summary>
internal sealed record ExampleOutcome(IReadOnlyList<SignalFire> Fires, SignalStatus Status);

/// <summary>Compiles an example from <c>signals/</c> through the sandboxed compiler, loads it and replays journals through it.</summary>
internal static class ExampleRun
{
    private const double RelativeTolerance = 1e-9;
    private const long NanosPerMinute = 60_000_000_000;

    private static readonly SignalCompiler Compiler = new();

    public static ExampleOutcome Replay(string example, IReadOnlyDictionary<string, double>? parameters, params IJournal[] journals)
    {
        var compiled = Compiler.Compile($"signals/{example}.cs", File.ReadAllText(Path.Combine(RepoPaths.Signals, example + ".cs")));
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors));
        var loaded = LoadedSignal.Load(compiled, new SignalIdentity(example, "test", compiled.SourceHash));
        try
        {
            var sink = new CollectingSink();
            using var evaluator = new SignalEvaluator(sink);
            var result = evaluator.Load(loaded.Definition(parameters));
            Assert.True(result.Loaded, result.Error);
            evaluator.Replay(journals);
            var status = evaluator.GetStatus(example)!;
            Assert.True(status.Errors == 0, $"{example} failed {status.Errors} calls: {status.LastError}");
            Assert.Equal(0, evaluator.Graph.BuilderErrors);
            evaluator.Unload(example);
            return new ExampleOutcome(sink.Fires, status);
        }
        finally
        {
            loaded.Unload();
        }
    }

    /// <summary>The evaluator's fire limit, modelled plainly: at most <paramref name="perMinute"/> fires per calendar minute of event time.</summary>
    public static List<ExpectedFire> Limit(IEnumerable<ExpectedFire> fires, int perMinute) =>
        [.. fires.GroupBy(f => f.Time / NanosPerMinute).SelectMany(g => g.Take(perMinute))];

    /// <summary>Asserts the signal's fires are the expected ones, in order: times, kinds, sides, symbols, messages, field names and values.</summary>
    public static void AssertMatches(IReadOnlyList<ExpectedFire> expected, IReadOnlyList<SignalFire> actual)
    {
        Assert.True(expected.Count > 0, "the naive recomputation expects no fire: pick parameters that make the example fire");
        var context = $"expected:\n  {string.Join("\n  ", expected.Take(20))}\nactual:\n  {string.Join("\n  ", actual.Take(20).Select(Describe))}";
        Assert.True(expected.Count == actual.Count, $"expected {expected.Count} fires, got {actual.Count}\n{context}");
        for (var i = 0; i < expected.Count; i++)
        {
            var (want, got) = (expected[i], actual[i]);
            var where = $"fire {i}: expected {want}, got {Describe(got)}";
            Assert.True(want.Time == got.TsEvent, where);
            Assert.True(want.Kind == got.Type && want.Side == got.Side, where);
            if (want.Symbol.Length > 0) Assert.True(want.Symbol == got.Symbol, where);
            Assert.True(want.Message == got.Message, where);
            Assert.True(want.Fields.Length == got.Fields.Length, where);
            for (var f = 0; f < want.Fields.Length; f++)
            {
                Assert.True(want.Fields[f].Name == got.Fields[f].Name, where);
                var (a, b) = (want.Fields[f].Value, got.Fields[f].Number);
                Assert.True(Math.Abs(a - b) <= RelativeTolerance * Math.Max(Math.Abs(a), Math.Abs(b)), $"{where}: field {want.Fields[f].Name} {a:R} vs {b:R}");
            }
        }
    }

    private static string Describe(SignalFire f) =>
        $"{f.TsEvent} {f.Symbol} {f.Type} {f.Side} '{f.Message}' {string.Join(", ", f.Fields.Select(x => x.ToString()))}";
}
