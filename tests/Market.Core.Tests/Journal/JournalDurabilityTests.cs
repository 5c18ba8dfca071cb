using Market.Core.Journal;
using Market.Core.Tests.Support;
using Signals.Library;

namespace Market.Core.Tests.Journal;

/// <summary>The three durability settings: what the durable watermark says, and that flushing keeps the journal whole.</summary>
public sealed class JournalDurabilityTests : IDisposable
{
    private const long T0 = 1_700_000_000_000_000_000;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private MmapJournal Open(Durability durability, TimeSpan? interval = null) =>
        MmapJournal.Open(_temp.Combine("dev", "durable"), MmapJournalContractTests.SmallChunks with
        {
            Durability = durability,
            GroupCommitInterval = interval ?? TimeSpan.FromMilliseconds(1),
        }, create: true);

    private static void Append(IJournalWriter writer, int count)
    {
        var payload = new byte[24];
        for (var i = 0; i < count; i++)
        {
            payload[0] = (byte)i;
            writer.Append(EventKind.Trade, 1, T0 + i, T0 + i, payload);
        }
    }

    [Fact]
    public void EveryBatch_CommitReturnsWithTheBatchDurable_AcrossChunkRotations()
    {
        using var journal = Open(Durability.EveryBatch);
        using var writer = journal.OpenWriter();
        Append(writer, 2_500); // several 64 KiB chunks
        Assert.True(writer.DurableSequence < 2_500);
        writer.Commit();
        Assert.Equal(2_500, writer.DurableSequence);
        Append(writer, 10);
        writer.Commit();
        Assert.Equal(2_510, writer.DurableSequence);
    }

    [Fact]
    public void GroupCommit_DurableWatermarkCatchesUpWithoutCommit_AndNeverPassesWhatWasWritten()
    {
        using var journal = Open(Durability.GroupCommit);
        using var writer = journal.OpenWriter();
        Append(writer, 3_000);
        Assert.True(writer.DurableSequence <= 3_000);
        Assert.True(SpinWait.SpinUntil(() => writer.DurableSequence == 3_000, TimeSpan.FromSeconds(30)),
            $"the group commit thread left the durable watermark at {writer.DurableSequence}");
        Append(writer, 1);
        Assert.True(SpinWait.SpinUntil(() => writer.DurableSequence == 3_001, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void GroupCommit_WhileAppending_TheJournalStaysConsistentAndWhole()
    {
        var journal = Open(Durability.GroupCommit, TimeSpan.FromTicks(1));
        using (var writer = journal.OpenWriter())
        {
            for (var round = 0; round < 20; round++)
            {
                Append(writer, 500);
                var durable = writer.DurableSequence;
                Assert.InRange(durable, 0, writer.NextSequence - 1);
            }
        }
        journal.Dispose();
        var report = JournalVerifier.Verify(_temp.Combine("dev", "durable"), MmapJournalContractTests.SmallChunks);
        Assert.True(report.IsConsistent, string.Join('\n', report.Problems));
        Assert.Equal(10_000, report.Records);
    }

    [Fact]
    public void PageCache_ClaimsNothingDurable()
    {
        using var journal = Open(Durability.PageCache);
        using var writer = journal.OpenWriter();
        Append(writer, 100);
        writer.Commit();
        Assert.Equal(0, writer.DurableSequence);
    }

    [Fact]
    public void PageCache_UnmappingFullAndClosedChunks_LeavesTheirPagesToWriteback()
    {
        string directory;
        using (var journal = Open(Durability.PageCache))
        using (var writer = journal.OpenWriter())
        {
            directory = journal.Directory;
            Append(writer, 2_500); // several 64 KiB chunks: the full ones are unmapped as the writer moves on
            writer.Commit();
        }

        // The view accessor's own Dispose would msync the whole mapping, leaving nothing dirty.
        var chunks = Directory.GetFiles(directory, "*.chunk");
        Assert.True(chunks.Length > 1, $"expected several chunks, found {chunks.Length}");
        foreach (var chunk in chunks)
        {
            Assert.True(PageCacheStat.DirtyPages(chunk) > 0, $"{Path.GetFileName(chunk)} has no dirty pages left after its writer closed");
        }
    }

    [Fact]
    public void ReopeningAfterAFlushingWriter_ResumesAtTheNextSequence()
    {
        foreach (var durability in new[] { Durability.EveryBatch, Durability.GroupCommit })
        {
            var dir = _temp.Combine("dev", durability.ToString());
            var options = MmapJournalContractTests.SmallChunks with { Durability = durability };
            using (var journal = MmapJournal.Open(dir, options, create: true))
            using (var writer = journal.OpenWriter())
            {
                Append(writer, 1_234);
                writer.Commit();
            }
            using var reopened = MmapJournal.Open(dir, options);
            using var again = reopened.OpenWriter();
            Assert.Equal(1_235, again.NextSequence);
            Assert.Equal(0, again.Recovery.TornTailBytes);
        }
    }
}
