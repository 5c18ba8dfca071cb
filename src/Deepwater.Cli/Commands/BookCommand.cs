using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Deepwater.Cli.Output;
using Market.Core.Books;
using Signals.Library;
using Signals.Library.Book;

namespace Deepwater.Cli.Commands;

/// <summary><c>deepwater book feed symbol [--at T] [--depth N] [--format table|jsonl]</c>: the book at an instant.</summary>
internal static class BookCommand
{
    public static Command Build()
    {
        var feedArgument = new Argument<string>("feed") { Description = "The feed whose journal holds the book" };
        var symbolArgument = new Argument<string>("symbol") { Description = "The instrument, e.g. BTC-USD" };
        var at = new Option<string?>("--at") { Description = "Receive time of the book: ISO-8601 or relative (now-1h); default: the end of the journal" };
        var depth = new Option<int>("--depth") { Description = "Levels per side to print", DefaultValueFactory = _ => 10 };
        var format = new Option<EventFormat>("--format") { Description = "table or jsonl", DefaultValueFactory = _ => EventFormat.Table };
        var command = new Command("book", "Print an instrument's order book at an instant, rebuilt from the nearest snapshot") { feedArgument, symbolArgument, at, depth, format };
        command.SetAction(parse =>
        {
            var levels = parse.GetValue(depth);
            if (levels <= 0) throw new UserError($"--depth must be positive (got {levels})");
            var now = UnixNanos.FromDateTimeOffset(DateTimeOffset.UtcNow);
            var instant = parse.GetValue(at) is { } text ? JournalCommand.Instant(text, now, "--at") : long.MaxValue;
            using var journal = DeepwaterCommand.OpenExisting(parse, parse.GetValue(feedArgument)!);
            var symbol = parse.GetValue(symbolArgument)!;
            var id = ReadCommand.ResolveSymbol(journal, symbol)!.Value;
            var book = BookHistory.BookAt(journal, id, instant, out var info);
            var view = new BookView(symbol, instant, book, info, levels);
            parse.InvocationConfiguration.Output.Write(parse.GetValue(format) == EventFormat.Jsonl ? view.Json() + "\n" : view.Table());
            return 0;
        });
        return command;
    }

    /// <summary>The book's top levels and summary, formatted exactly.</summary>
    private sealed class BookView(string symbol, long at, OrderBook book, BookReplayInfo info, int depth)
    {
        private readonly BookLevel[] _bids = Top(book, BookSide.Bid, depth);
        private readonly BookLevel[] _asks = Top(book, BookSide.Ask, depth);

        private string At => at == long.MaxValue ? "end" : UnixNanos.Format(at);

        public string Table()
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"symbol={symbol} at={At} last_update={Time(book.LastUpdate)} venue_seq={book.VenueSequence}\n");
            text.Append(CultureInfo.InvariantCulture, $"bids={book.BidCount} asks={book.AskCount} spread={Optional(book.Spread)} mid={Optional(book.Mid)} crossed={(book.IsCrossed ? "yes" : "no")}\n");
            text.Append(CultureInfo.InvariantCulture, $"checkpoint_seq={info.SnapshotSequence} deltas_applied={info.DeltasApplied} records_scanned={info.RecordsScanned}\n");
            text.Append(CultureInfo.InvariantCulture, $"{"level",5}  {"bid_size",20}  {"bid",20}  {"ask",-20}  ask_size\n");
            for (var i = 0; i < Math.Max(_bids.Length, _asks.Length); i++)
            {
                var bid = i < _bids.Length ? _bids[i] : (BookLevel?)null;
                var ask = i < _asks.Length ? _asks[i] : (BookLevel?)null;
                text.Append(string.Create(CultureInfo.InvariantCulture,
                    $"{i + 1,5}  {Optional(bid?.Size, ""),20}  {Optional(bid?.Price, ""),20}  {Optional(ask?.Price, ""),-20}  {Optional(ask?.Size, ""),-20}").TrimEnd()).Append('\n');
            }
            return text.ToString();
        }

        public string Json()
        {
            using var stream = new MemoryStream();
            using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartObject();
                json.WriteString("symbol", symbol);
                json.WriteString("at", At);
                json.WriteString("last_update", Time(book.LastUpdate));
                json.WriteNumber("venue_seq", book.VenueSequence);
                json.WriteNumber("checkpoint_seq", info.SnapshotSequence);
                json.WriteNumber("deltas_applied", info.DeltasApplied);
                WriteOptional(json, "spread", book.Spread);
                WriteOptional(json, "mid", book.Mid);
                json.WriteBoolean("crossed", book.IsCrossed);
                WriteLevels(json, "bids", _bids);
                WriteLevels(json, "asks", _asks);
                json.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private static BookLevel[] Top(OrderBook book, BookSide side, int depth)
        {
            var levels = new BookLevel[Math.Min(depth, side == BookSide.Bid ? book.BidCount : book.AskCount)];
            if (side == BookSide.Bid) book.GetBids(levels);
            else book.GetAsks(levels);
            return levels;
        }

        private static string Time(long nanos) => nanos == 0 ? "-" : UnixNanos.Format(nanos);

        private static string Optional(long? value, string none = "-") => value is { } v ? FixedPoint.Format(v) : none;

        // Prices as strings, as `read --format jsonl` writes them, so no JSON reader turns them into doubles.
        private static void WriteOptional(Utf8JsonWriter json, string name, long? value)
        {
            if (value is { } v) json.WriteString(name, FixedPoint.Format(v));
            else json.WriteNull(name);
        }

        private static void WriteLevels(Utf8JsonWriter json, string name, BookLevel[] levels)
        {
            json.WriteStartArray(name);
            foreach (var level in levels)
            {
                json.WriteStartObject();
                json.WriteString("price", FixedPoint.Format(level.Price));
                json.WriteString("size", FixedPoint.Format(level.Size));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
    }
}
