using System.Buffers.Binary;
using Market.Core.Journal;
using Market.Core.Playback;
using Signals.Library;

namespace Market.Core.Tests.Playback;

/// <summary>Builds small journals for playback tests; times are offsets from <see cref="T0"/>.</summary>
internal static class TestJournals
{
    public const long T0 = 1_700_000_000_000_000_000;

    /// <summary>One record: its exchange and receive time as offsets from T0, and its kind and instrument.</summary>
    public readonly record struct Rec(long Event, long Recv, EventKind Kind = EventKind.Trade, uint Instrument = 1);

    /// <summary>A journal holding <paramref name="records"/> in order; record i gets sequence i + 1.</summary>
    public static InMemoryJournal InMemory(params Rec[] records)
    {
        var journal = new InMemoryJournal("playback");
        using var writer = journal.OpenWriter();
        Append(writer, records);
        return journal;
    }

    public static void Append(IJournalWriter writer, IEnumerable<Rec> records)
    {
        foreach (var r in records) writer.Append(r.Kind, r.Instrument, T0 + r.Event, T0 + r.Recv, Payload(writer.NextSequence));
        writer.Commit();
    }

    /// <summary>A payload that names its sequence, so tests can check the bytes survived.</summary>
    public static byte[] Payload(long sequence)
    {
        var bytes = new byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, sequence);
        return bytes;
    }

    /// <summary>Records whose exchange and receive times are both the given offsets.</summary>
    public static Rec[] InOrder(params long[] offsets) => [.. offsets.Select(t => new Rec(t, t))];

    public static long[] Sequences(PlaybackWindow window) => [.. window.Events.Select(e => e.Sequence)];

    public static PlaybackOptions Options(long start, long end, long window, int maxPerWindow = int.MaxValue, PlaybackClock clock = PlaybackClock.Event, int maxReportedOffenders = 10) =>
        new(T0 + start, T0 + end, window, maxPerWindow, clock, maxReportedOffenders);
}
