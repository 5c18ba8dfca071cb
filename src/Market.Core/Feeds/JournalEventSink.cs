using System.Text;
using Market.Core.Journal;
using Signals.Library;

namespace Market.Core.Feeds;

/// <summary>Writes normalised events to a feed's journal, interning venue symbols on first sight.</summary>
public sealed class JournalEventSink(IJournalWriter writer) : IMarketEventSink
{
    private readonly Dictionary<string, uint> _ids = new(StringComparer.Ordinal);
    private readonly long[] _byKind = new long[8];

    /// <summary>Events written, by kind.</summary>
    public long Count(EventKind kind) => _byKind[(int)kind];

    /// <inheritdoc />
    public uint Instrument(ReadOnlySpan<byte> symbolUtf8)
    {
        Span<char> chars = stackalloc char[Math.Min(symbolUtf8.Length, 1024)];
        var length = Encoding.UTF8.GetChars(symbolUtf8[..chars.Length], chars);
        if (_ids.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars[..length], out var id)) return id;
        var symbol = new string(chars[..length]);
        return _ids[symbol] = writer.Intern(symbol);
    }

    /// <inheritdoc />
    public void Trade(in Trade trade) => Write(writer.Append(trade), EventKind.Trade);

    /// <inheritdoc />
    public void Delta(in BookDelta delta, bool endOfBatch) =>
        Write(writer.Append(delta, endOfBatch ? RecordFlags.EndOfBatch : RecordFlags.None), EventKind.BookDelta);

    /// <inheritdoc />
    public void Snapshot(in BookSnapshot snapshot) => Write(writer.Append(snapshot, RecordFlags.Resync), EventKind.BookSnapshot);

    /// <inheritdoc />
    public void Quote(in Quote quote) => Write(writer.Append(quote), EventKind.Quote);

    /// <inheritdoc />
    public void Gap(in Gap gap) => Write(writer.Append(gap), EventKind.Gap);

    private void Write(long _, EventKind kind) => _byKind[(int)kind]++;
}
