using Market.Core.Journal;
using Signals.Library;
using Signals.Runtime.Compilation;
using Signals.Runtime.Deployment;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Fires;
using Signals.Runtime.Loading;
using Signals.Runtime.Replay;

namespace Deepwater.Cli.Tests;

/// <summary>
/// A temp data directory with a <c>coinbase</c> journal of 100 trades (prices 100..199, BTC-USD and
/// ETH-USD alternating, 1 ms apart from <see cref="Start"/>) and a temp git repository for signals.
/// </summary>
internal sealed class SignalsFixture : IDisposable
{
    public const string StartText = "2026-01-01T00:00:00Z";
    public const string EndText = "2026-01-01T00:01:00Z";
    public static readonly long Start = UnixNanos.FromDateTimeOffset(DateTimeOffset.Parse(StartText, System.Globalization.CultureInfo.InvariantCulture));
    public static readonly SignalAuthor Author = new("test", "test@deepwater.local");

    public SignalsFixture()
    {
        Cli = new CliRunner(Data);
        using var journal = MmapJournal.Open(MmapJournal.PathFor(Data, "dev", "coinbase"), create: true);
        using var writer = journal.OpenWriter();
        var btc = writer.Intern("BTC-USD");
        var eth = writer.Intern("ETH-USD");
        for (var i = 0; i < 100; i++)
        {
            var ts = Start + (i * 1_000_000L);
            writer.Append(new Trade(i % 2 == 0 ? btc : eth, ts, ts, (100 + i) * FixedPoint.Scale, FixedPoint.Scale, Side.Buy, (ulong)i));
        }
        writer.Commit();
        Repository = SignalRepository.Open(SignalsDirectory, initialize: true);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "deepwater-tests", Guid.NewGuid().ToString("N"));

    public string Data => Path.Combine(Root, "data");

    public string SignalsDirectory => Path.Combine(Root, "signals");

    public CliRunner Cli { get; }

    public SignalRepository Repository { get; }

    /// <summary>Fires on trades priced in (low, low + 50]; the message names the floor, so moving it changes common fires too.</summary>
    public static string PriceBand(double low) => $$"""
        using Signals.Library;

        public sealed class PriceBand : Signal
        {
            private double _low;

            public override void Configure(SignalSetup setup)
            {
                setup.Describe("A trade prints inside a 50-unit band above the floor.");
                setup.Subscribe("coinbase", "*", EventKinds.Trade);
                _low = setup.Parameter("low", {{low}}, "the band's floor");
                setup.LimitFires(600);
            }

            public override void OnTrade(in Trade trade, SignalContext context)
            {
                var price = FixedPoint.ToDouble(trade.Price);
                if (price > _low && price <= _low + 50) context.Fire($"price {price} above {_low}", ("price", price));
            }
        }
        """;

    public string WriteFile(string name, string source)
    {
        var path = Path.Combine(Root, "drafts", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, source);
        return path;
    }

    /// <summary>The fires of the same signal replayed in-process over the same journal and range: what the CLI must agree with.</summary>
    public static int InProcessFires(string file, string data, string feed, long from, long to)
    {
        var compiled = new SignalCompiler().Compile(file, File.ReadAllText(file));
        Assert.True(compiled.Success);
        var loaded = LoadedSignal.Load(compiled, new SignalIdentity(Path.GetFileNameWithoutExtension(file), "", compiled.SourceHash));
        var sink = new CountingSink();
        using (var evaluator = new SignalEvaluator(sink))
        {
            Assert.True(evaluator.Load(loaded.Definition()).Loaded);
            using var journal = MmapJournal.Open(MmapJournal.PathFor(data, "dev", feed));
            new ReplayEngine(evaluator).Run([new ReplaySource(journal)], new ReplayOptions { From = from, To = to });
            evaluator.Unload(loaded.Identity.Name);
        }
        loaded.Unload();
        return sink.Count;
    }

    /// <summary>The value of <c>key=</c> in a line of <c>key=value</c> pairs.</summary>
    public static long Value(string line, string key)
    {
        var at = line.IndexOf(key + "=", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no {key}= in: {line}");
        var text = line[(at + key.Length + 1)..].Split(' ')[0];
        return long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private sealed class CountingSink : IFireSink
    {
        public int Count { get; private set; }

        public void OnFire(in SignalFire fire) => Count++;
    }
}
