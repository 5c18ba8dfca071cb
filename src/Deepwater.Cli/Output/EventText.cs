using System.Globalization;
using System.Text;
using System.Text.Json;
using Market.Core.Fanout;
using Market.Core.Journal;
using Signals.Library;

namespace Deepwater.Cli.Output;

/// <summary>Output formats of <c>read</c> and <c>replay</c>.</summary>
internal enum EventFormat
{
    Table,
    Jsonl,
}

/// <summary>Decodes journal records into text: prices and sizes as exact decimals, times as ISO-8601 UTC.</summary>
internal static class EventText
{
    /// <summary>The names <c>read feed.kind</c> accepts.</summary>
    public static readonly IReadOnlyDictionary<string, EventKind> KindNames = new Dictionary<string, EventKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["trade"] = EventKind.Trade,
        ["trades"] = EventKind.Trade,
        ["book_delta"] = EventKind.BookDelta,
        ["delta"] = EventKind.BookDelta,
        ["snapshot"] = EventKind.BookSnapshot,
        ["book_snapshot"] = EventKind.BookSnapshot,
        ["quote"] = EventKind.Quote,
        ["quotes"] = EventKind.Quote,
        ["status"] = EventKind.InstrumentStatus,
        ["gap"] = EventKind.Gap,
    };

    /// <summary>The same names the bus uses in subjects; a kind this build does not know shows its number.</summary>
    public static string KindName(EventKind kind) =>
        kind is EventKind.None || !Enum.IsDefined(kind) ? $"kind_{(byte)kind}" : EventKindNames.NameOf(kind);

    public static string TableHeader => $"{"seq",10}  {"ts_event",-30}  {"ts_recv",-30}  {"kind",-10}  {"symbol",-12}  detail";

    /// <summary>One line for one copied record.</summary>
    public static string Format(JournalEntry e, ISymbolTable symbols, EventFormat format) =>
        Format(new JournalRecord(e.Sequence, e.Kind, e.Flags, e.InstrumentId, e.TsEvent, e.TsRecv, e.Payload), symbols, format);

    /// <summary>One line for one record.</summary>
    public static string Format(in JournalRecord record, ISymbolTable symbols, EventFormat format)
    {
        var symbol = symbols.GetSymbol(record.InstrumentId) ?? (record.InstrumentId == 0 ? "*" : $"#{record.InstrumentId}");
        var fields = Fields(record);
        if (format == EventFormat.Table)
        {
            var detail = string.Join(' ', fields.Select(f => $"{f.Key}={f.Value}"));
            return string.Create(CultureInfo.InvariantCulture,
                $"{record.Sequence,10}  {UnixNanos.Format(record.TsEvent),-30}  {UnixNanos.Format(record.TsRecv),-30}  {KindName(record.Kind),-10}  {symbol,-12}  {detail}");
        }
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("seq", record.Sequence);
            json.WriteString("kind", KindName(record.Kind));
            json.WriteString("symbol", symbol);
            json.WriteString("ts_event", UnixNanos.Format(record.TsEvent));
            json.WriteString("ts_recv", UnixNanos.Format(record.TsRecv));
            foreach (var (key, value) in fields) json.WriteString(key, value);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The event's own fields as text; an undecodable payload says so rather than failing the read.</summary>
    private static List<KeyValuePair<string, string>> Fields(in JournalRecord record)
    {
        var header = new EventHeader(record.InstrumentId, record.TsEvent, record.TsRecv);
        var f = new List<KeyValuePair<string, string>>();
        void Add(string key, string value) => f.Add(new(key, value));
        static string Px(long v) => FixedPoint.Format(v);
        static string N(ulong v) => v.ToString(CultureInfo.InvariantCulture);
        switch (record.Kind)
        {
            case EventKind.Trade when Trade.TryReadPayload(record.Payload, header, out var t):
                Add("price", Px(t.Price)); Add("size", Px(t.Size)); Add("side", t.Aggressor.ToString().ToLowerInvariant()); Add("trade_id", N(t.TradeId));
                break;
            case EventKind.BookDelta when BookDelta.TryReadPayload(record.Payload, header, out var d):
                Add("side", d.Side.ToString().ToLowerInvariant()); Add("action", d.Action.ToString().ToLowerInvariant());
                Add("price", Px(d.Price)); Add("size", Px(d.Size)); Add("venue_seq", N(d.VenueSequence));
                break;
            case EventKind.Quote when Quote.TryReadPayload(record.Payload, header, out var q):
                Add("bid", Px(q.BidPrice)); Add("bid_size", Px(q.BidSize)); Add("ask", Px(q.AskPrice)); Add("ask_size", Px(q.AskSize)); Add("venue_seq", N(q.VenueSequence));
                break;
            case EventKind.BookSnapshot when BookSnapshot.TryReadPayload(record.Payload, header, out var s):
                Add("bids", s.Bids.Length.ToString(CultureInfo.InvariantCulture)); Add("asks", s.Asks.Length.ToString(CultureInfo.InvariantCulture));
                if (s.Bids.Length > 0) Add("best_bid", Px(s.Bids.Span[0].Price));
                if (s.Asks.Length > 0) Add("best_ask", Px(s.Asks.Span[0].Price));
                Add("venue_seq", N(s.VenueSequence));
                break;
            case EventKind.InstrumentStatus when InstrumentStatus.TryReadPayload(record.Payload, header, out var st):
                Add("status", st.Status.ToString().ToLowerInvariant()); Add("tick", Px(st.TickSize)); Add("lot", Px(st.LotSize)); Add("text", st.Text);
                break;
            case EventKind.Gap when Gap.TryReadPayload(record.Payload, header, out var g):
                Add("reason", g.Reason.ToString().ToLowerInvariant()); Add("expected", N(g.ExpectedVenueSequence)); Add("received", N(g.ReceivedVenueSequence));
                break;
            default:
                Add("undecoded", Convert.ToHexString(record.Payload[..Math.Min(record.Payload.Length, 64)]));
                break;
        }
        return f;
    }
}
