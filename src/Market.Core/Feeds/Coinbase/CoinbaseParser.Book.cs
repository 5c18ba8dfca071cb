using System.Text.Json;
using Signals.Library;

namespace Market.Core.Feeds.Coinbase;

public sealed partial class CoinbaseParser
{
    private readonly List<BookLevel> _bids = [];
    private readonly List<BookLevel> _asks = [];

    // Every update of a message carries the same event_time: parse it once, reuse it while the bytes repeat.
    private readonly byte[] _lastTimeText = new byte[48];
    private int _lastTimeLength = -1;
    private long _lastTime;

    /// <summary><c>l2_data</c>: each event is a snapshot or updates for one product, with absolute quantities.</summary>
    private bool ParseBook(ReadOnlySpan<byte> events, in Context context, out string reason)
    {
        var reader = new Utf8JsonReader(events);
        reader.Read(); // [
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            if (!ParseBookEvent(ref reader, events, context, out reason)) return false;
        }
        reason = "";
        return true;
    }

    /// <summary>One event, the reader on its opening '{'; <paramref name="events"/> is what the reader reads.</summary>
    private bool ParseBookEvent(ref Utf8JsonReader reader, ReadOnlySpan<byte> events, in Context context, out string reason)
    {
        // The event's type, product and updates, in whatever key order: when type and product come
        // first (as Coinbase sends them) the updates are parsed in the same pass; otherwise their
        // place is noted and they are parsed once the rest is known.
        bool? snapshot = null;
        var parsedInline = false;
        uint instrument = 0;
        int start = 0, end = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                snapshot = reader.ValueTextEquals("snapshot"u8) ? true : reader.ValueTextEquals("update"u8) ? false : null;
            }
            else if (reader.ValueTextEquals("product_id"u8))
            {
                reader.Read();
                instrument = context.Sink.Instrument(reader.ValueSpan);
            }
            else if (reader.ValueTextEquals("updates"u8))
            {
                reader.Read();
                start = (int)reader.TokenStartIndex;
                if (snapshot is not null && instrument != 0)
                {
                    if (!ParseLevels(ref reader, snapshot.Value, instrument, context, out reason)) return false;
                    parsedInline = true;
                    end = start + 1;
                    continue;
                }
                reader.Skip();
                end = (int)reader.BytesConsumed;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (snapshot is null || instrument == 0 || end == 0)
        {
            reason = "malformed-field: l2_data event needs type (snapshot|update), product_id and updates";
            return false;
        }
        reason = "";
        if (parsedInline) return true;
        var updates = new Utf8JsonReader(events[start..end]);
        updates.Read();
        return ParseLevels(ref updates, snapshot.Value, instrument, context, out reason);
    }

    /// <summary>The levels of one event, the reader on its opening '['.</summary>
    private bool ParseLevels(ref Utf8JsonReader reader, bool snapshot, uint instrument, in Context context, out string reason)
    {
        if (snapshot) return ParseSnapshot(ref reader, instrument, context, out reason);
        if (!_validBooks.Contains(instrument))
        {
            // After a gap (or before the first snapshot) updates would apply to a book we do not have.
            DeltasAwaitingSnapshot++;
            reader.Skip();
            reason = "";
            return true;
        }
        return ParseUpdates(ref reader, instrument, context, out reason);
    }

    private bool ParseUpdates(ref Utf8JsonReader reader, uint instrument, in Context context, out string reason)
    {
        BookDelta pending = default;
        var hasPending = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            if (!TryReadLevel(ref reader, out var side, out var price, out var size, out var time, out reason))
            {
                _validBooks.Remove(instrument);
                return false;
            }
            if (hasPending) context.Sink.Delta(pending, endOfBatch: false);
            pending = new BookDelta(instrument, time == 0 ? context.Timestamp : time, context.TsRecv, side,
                size == 0 ? BookAction.Delete : BookAction.Set, price, size, (ulong)Math.Max(0, context.Sequence));
            hasPending = true;
        }
        if (hasPending) context.Sink.Delta(pending, endOfBatch: true);
        reason = "";
        return true;
    }

    private bool ParseSnapshot(ref Utf8JsonReader reader, uint instrument, in Context context, out string reason)
    {
        _bids.Clear();
        _asks.Clear();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            if (!TryReadLevel(ref reader, out var side, out var price, out var size, out _, out reason)) return false;
            if (size > 0) (side == BookSide.Bid ? _bids : _asks).Add(new BookLevel(price, size));
        }
        _bids.Sort((a, b) => b.Price.CompareTo(a.Price));
        _asks.Sort((a, b) => a.Price.CompareTo(b.Price));
        context.Sink.Snapshot(new BookSnapshot(instrument, context.Timestamp, context.TsRecv,
            (ulong)Math.Max(0, context.Sequence), _bids.ToArray(), _asks.ToArray()));
        _validBooks.Add(instrument);
        reason = "";
        return true;
    }

    private long CachedTime(ReadOnlySpan<byte> text)
    {
        if (text.Length == _lastTimeLength && text.SequenceEqual(_lastTimeText.AsSpan(0, _lastTimeLength))) return _lastTime;
        if (!TryTime(text, out var time)) return 0;
        if (text.Length <= _lastTimeText.Length)
        {
            text.CopyTo(_lastTimeText);
            (_lastTimeLength, _lastTime) = (text.Length, time);
        }
        return time;
    }

    /// <summary>One <c>{side, event_time, price_level, new_quantity}</c> object.</summary>
    private bool TryReadLevel(ref Utf8JsonReader reader, out BookSide side, out long price, out long size, out long time, out string reason)
    {
        side = 0;
        price = size = time = 0;
        bool hasPrice = false, hasSize = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("side"u8))
            {
                reader.Read();
                side = reader.ValueTextEquals("bid"u8) ? BookSide.Bid : reader.ValueTextEquals("offer"u8) || reader.ValueTextEquals("ask"u8) ? BookSide.Ask : 0;
            }
            else if (reader.ValueTextEquals("price_level"u8))
            {
                reader.Read();
                hasPrice = FixedPoint.TryParse(reader.ValueSpan, out price);
            }
            else if (reader.ValueTextEquals("new_quantity"u8))
            {
                reader.Read();
                hasSize = FixedPoint.TryParse(reader.ValueSpan, out size) && size >= 0;
            }
            else if (reader.ValueTextEquals("event_time"u8))
            {
                reader.Read();
                time = CachedTime(reader.ValueSpan);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (side == 0 || !hasPrice || !hasSize)
        {
            reason = $"malformed-field: level needs side (bid|offer), price_level and new_quantity as decimals near byte {reader.TokenStartIndex}";
            return false;
        }
        reason = "";
        return true;
    }
}
