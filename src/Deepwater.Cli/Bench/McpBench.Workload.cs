using System.Text.Json;
using System.Text.Json.Nodes;
using Mcp.Server.Results;

namespace Deepwater.Cli.Bench;

/// <summary>The calls <c>deepwater bench mcp</c> makes: random markets, instants and ranges within the journal.</summary>
internal static partial class McpBench
{
    /// <summary>One tool call.</summary>
    internal sealed record Call(string Tool, Dictionary<string, object?> Arguments);

    /// <summary>
    /// The concurrent mix, by weight. The day-wide scans (<c>data_quality</c>, <c>data_gaps</c>) are
    /// left out: each reads the whole day by design, so they would measure the disk, not the server.
    /// </summary>
    private static readonly (string Tool, int Weight)[] Mix =
    [
        ("get_trades", 30), ("get_orderbook", 25), ("get_bars", 10), ("get_market", 10),
        ("list_markets", 10), ("replay_orderbook", 5), ("system_status", 5), ("data_inventory", 5),
    ];

    internal sealed class Workload(BenchJournal journal)
    {
        private static readonly int TotalWeight = Mix.Sum(m => m.Weight);

        /// <summary>Names every tool of the mix, for per-tool figures.</summary>
        public static IEnumerable<string> Tools => Mix.Select(m => m.Tool);

        /// <summary>
        /// <c>get_trades</c> of 100 from a random instant over a stretch log-uniform between 1 s and 1 h
        /// (median 1 min): the tool counts every trade of the stretch for <c>meta.available</c>, so its
        /// length is most of the cost.
        /// </summary>
        public Call Trades(Random random)
        {
            var from = Instant(random);
            var to = from + (long)Math.Exp(Math.Log(1e9) + random.NextDouble() * (Math.Log(3.6e12) - Math.Log(1e9)));
            return new Call("get_trades", Args(("feed", Feed), ("symbol", Symbol(random)), ("from", Json.Time(from)), ("to", Json.Time(to)), ("limit", 100)));
        }

        /// <summary><c>get_trades</c> of the latest 100 (no range): the tool reads back from the end and stops.</summary>
        public Call LatestTrades(Random random) => new("get_trades", Args(("feed", Feed), ("symbol", Symbol(random)), ("limit", 100)));

        /// <summary><c>get_orderbook</c> at a random past instant, 10 levels.</summary>
        public Call OrderBook(Random random) =>
            new("get_orderbook", Args(("feed", Feed), ("symbol", Symbol(random)), ("at", Json.Time(Instant(random))), ("depth", 10)));

        /// <summary>A call of the mix, by weight.</summary>
        public Call Next(Random random)
        {
            var pick = random.Next(TotalWeight);
            return For(Mix.First(m => (pick -= m.Weight) < 0).Tool, random);
        }

        /// <summary>A call of <paramref name="tool"/> with random arguments, as the mix makes it.</summary>
        public Call For(string tool, Random random) =>
            tool switch
            {
                "get_trades" => Trades(random),
                "get_orderbook" => OrderBook(random),
                "get_bars" => Bars(random),
                "get_market" => new Call(tool, Args(("feed", Feed), ("symbol", Symbol(random)))),
                "list_markets" => new Call(tool, Args()),
                "replay_orderbook" => new Call(tool, Args(("feed", Feed), ("symbol", Symbol(random)), ("from", Json.Time(Instant(random))), ("step", "1s"), ("limit", 20))),
                "system_status" => new Call(tool, Args()),
                "data_inventory" => new Call(tool, Args(("feed", Feed))),
                _ => throw new InvalidOperationException($"no arguments for {tool}"),
            };

        /// <summary>
        /// A minute of 1 s bars, from and to given: bars read every record of their range, and a range
        /// without 'to' runs to the end of the data.
        /// </summary>
        private Call Bars(Random random)
        {
            var from = Instant(random);
            return new Call("get_bars", Args(("feed", Feed), ("symbol", Symbol(random)), ("interval", "1s"), ("from", Json.Time(from)), ("to", Json.Time(from + 60_000_000_000L)), ("limit", 60)));
        }

        private long Instant(Random random) => journal.First + random.NextInt64(journal.Last - journal.First + 1);

        private string Symbol(Random random) => journal.Symbols[random.Next(journal.Symbols.Length)];

        /// <summary>Arguments as JSON elements, as a client sends them.</summary>
        private static Dictionary<string, object?> Args(params (string Name, JsonNode Value)[] pairs)
        {
            var json = JsonSerializer.SerializeToElement(new JsonObject([.. pairs.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)p.Value))]));
            return json.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        }
    }
}
