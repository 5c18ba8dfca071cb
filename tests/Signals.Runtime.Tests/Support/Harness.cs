using Market.Core.Journal;
using Signals.Library;
using Signals.Library.Sandbox;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Fires;
using Signals.Runtime.Replay;

namespace Signals.Runtime.Tests.Support;

/// <summary>Keeps fires and their encoded bytes.</summary>
internal sealed class CollectingSink : IFireSink
{
    public List<SignalFire> Fires { get; } = [];

    public void OnFire(in SignalFire fire) => Fires.Add(fire);

    public byte[] Encoded()
    {
        var bytes = new List<byte>();
        foreach (var fire in Fires)
        {
            var buffer = new byte[fire.PayloadSize];
            fire.WritePayload(buffer);
            bytes.AddRange(BitConverter.GetBytes(fire.TsEvent));
            bytes.AddRange(buffer);
        }
        return [.. bytes];
    }
}

internal static class Harness
{
    public static SignalDefinition Define(string name, Func<Signal> factory, FuelMeter? meter = null, string commit = "c1") =>
        new(new SignalIdentity(name, commit, "hash-" + name), factory, null, meter);

    public static SignalEvaluator Evaluator(CollectingSink sink, EvaluatorOptions? options = null) => new(sink, options);

    public static void Load(this SignalEvaluator evaluator, string name, Func<Signal> factory, FuelMeter? meter = null)
    {
        var result = evaluator.Load(Define(name, factory, meter));
        Assert.True(result.Loaded, result.Error);
    }

    public static ReplayResult Replay(this SignalEvaluator evaluator, params IJournal[] journals) =>
        new ReplayEngine(evaluator).Run([.. journals.Select(j => new ReplaySource(j))]);

    /// <summary>Processes a journal's records one by one, calling <paramref name="between"/> after each.</summary>
    public static void Step(this SignalEvaluator evaluator, IJournal journal, Action<long>? between = null)
    {
        var feed = evaluator.RegisterFeed(journal.Feed, journal.Symbols);
        using var reader = journal.OpenReader();
        while (reader.TryRead(out var record))
        {
            evaluator.Process(new EventEnvelope(feed, in record));
            between?.Invoke(record.Sequence);
        }
    }
}
