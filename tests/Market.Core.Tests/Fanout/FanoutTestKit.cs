using System.Buffers.Binary;
using Market.Core.Bus;
using Market.Core.Journal;
using Signals.Library;

namespace Market.Core.Tests.Fanout;

/// <summary>Shared helpers for the fan-out tests.</summary>
internal static class FanoutTestKit
{
    public const string Env = "test";
    public const long T0 = 1_700_000_000_000_000_000;

    /// <summary>Generous: a wait only reaches it when something is broken.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static byte[] Payload(long i, int length = 16)
    {
        var bytes = new byte[length];
        for (var b = 0; b < length; b++) bytes[b] = (byte)(i * 31 + b);
        BinaryPrimitives.WriteInt64LittleEndian(bytes, i);
        return bytes;
    }

    /// <summary>Appends record i with a kind and instrument derived from i, so contents are checkable.</summary>
    public static long AppendNumbered(IJournalWriter writer, long i, uint instrument, EventKind kind = EventKind.Trade) =>
        writer.Append(kind, instrument, T0 + i * 1000, T0 + i * 1000 + 7, Payload(i));

    public static async Task<List<JournalEntry>> TakeAsync(IAsyncEnumerable<JournalEntry> source, int count, CancellationToken cancellationToken = default)
    {
        var list = new List<JournalEntry>(count);
        if (count == 0) return list;
        await foreach (var entry in source.WithCancellation(cancellationToken))
        {
            list.Add(entry);
            if (list.Count == count) break;
        }
        return list;
    }

    public static async Task<BusMessage> ReadAsync(IBusSubscription subscription) =>
        await subscription.Messages.ReadAsync().AsTask().WaitAsync(Patience);

    public static List<JournalEntry> ReadJournal(IJournal journal)
    {
        using var reader = journal.OpenReader();
        var list = new List<JournalEntry>();
        while (reader.TryRead(out var r)) list.Add(r.ToEntry());
        return list;
    }

    /// <summary>Sequences exactly <paramref name="first"/>..<paramref name="last"/>, each once, in order.</summary>
    public static void AssertContiguous(IReadOnlyList<JournalEntry> entries, long first, long last)
    {
        Assert.Equal(last - first + 1, entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Sequence != first + i) Assert.Fail($"entry {i} has sequence {entries[i].Sequence}, expected {first + i}");
        }
    }
}
