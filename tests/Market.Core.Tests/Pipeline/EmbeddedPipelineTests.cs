using Market.Core.Books;
using Market.Core.Bus;
using Market.Core.Fanout;
using Market.Core.Feeds;
using Market.Core.Feeds.Sim;
using Market.Core.Journal;
using Market.Core.Pipeline;
using Market.Core.Tests.Support;
using Signals.Library;

namespace Market.Core.Tests.Pipeline;

public sealed class EmbeddedPipelineTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Run_MaxEvents_JournalAndBusSubscriberHoldTheSameRecords()
    {
        var options = new EmbeddedPipelineOptions(_data.Path, Rate: 0, MaxEvents: 20_000, Sim: new SimOptions(Seed: 3), Checkpoints: new BookCheckpointOptions(EveryDeltas: 1_000));
        await using var pipeline = new EmbeddedPipeline(options);
        await using var subscription = pipeline.Bus.Subscribe("dev.sim.>", new SubscriptionOptions(Capacity: 1_000_000));
        pipeline.Start();
        await pipeline.Completion.WaitAsync(Patience);
        await pipeline.StopAsync();

        var journal = pipeline.Journal!;
        var last = journal.LastSequence;
        Assert.InRange(last, 20_000, 20_100);
        var received = new List<long>();
        while (received.Count < last)
        {
            var message = await subscription.Messages.ReadAsync().AsTask().WaitAsync(Patience);
            Assert.True(FanoutHeaders.TryGetSequence(message.Headers, out var sequence));
            received.Add(sequence);
        }
        Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), received);

        using var reader = journal.OpenReader();
        var kinds = new Dictionary<EventKind, int>();
        while (reader.TryRead(out var record)) kinds[record.Kind] = kinds.GetValueOrDefault(record.Kind) + 1;
        Assert.Equal(last, kinds.Values.Sum());
        Assert.True(kinds[EventKind.BookDelta] > 0 && kinds[EventKind.Trade] > 0 && kinds[EventKind.Quote] > 0);
        Assert.True(kinds[EventKind.BookSnapshot] > 5, "listing snapshots plus checkpoints");

        var status = pipeline.Status();
        Assert.Equal(last, status.LastSequence);
        Assert.Equal(last, status.Published);
        Assert.Equal(last, status.Events);
        Assert.InRange(status.LagP50Nanos, 50_000, 450_000);
        Assert.True(status.JournalBytes > last * 40);
    }

    [Fact]
    public async Task Run_SequenceGapAndMalformed_RecordsAGapResyncsAndDeadLetters()
    {
        var options = new EmbeddedPipelineOptions(_data.Path, Rate: 0, MaxEvents: 20_000,
            Sim: new SimOptions(Seed: 5, Faults: new SimFaults(GapChance: 0.001, MalformedChance: 0.001)));
        await using var pipeline = new EmbeddedPipeline(options);
        pipeline.Start();
        await pipeline.Completion.WaitAsync(Patience);
        await pipeline.StopAsync();

        var status = pipeline.Status();
        Assert.True(status.Gaps > 0);
        Assert.True(status.DeadLetters > 0);
        Assert.Equal(status.DeadLetters, DeadLetterStore.Read(Path.Combine(pipeline.JournalDirectory, DeadLetterStore.FileName)).Count);

        // A gap is recorded with the message that revealed it; the instrument's next message is a resync snapshot.
        using var reader = pipeline.Journal!.OpenReader();
        var awaitingResync = new Dictionary<uint, ulong>();
        var gaps = 0;
        while (reader.TryRead(out var record))
        {
            var header = new EventHeader(record.InstrumentId, record.TsEvent, record.TsRecv);
            if (record.Kind == EventKind.Gap)
            {
                Assert.True(Gap.TryReadPayload(record.Payload, header, out var gap));
                Assert.Equal(GapReason.SequenceGap, gap.Reason);
                Assert.True(gap.ReceivedVenueSequence > gap.ExpectedVenueSequence);
                awaitingResync[record.InstrumentId] = gap.ReceivedVenueSequence;
                gaps++;
            }
            else if (record.Kind == EventKind.BookSnapshot && record.Flags.HasFlag(RecordFlags.Resync))
            {
                awaitingResync.Remove(record.InstrumentId);
            }
            else if (record.Kind == EventKind.BookDelta && awaitingResync.TryGetValue(record.InstrumentId, out var revealing))
            {
                Assert.True(BookDelta.TryReadPayload(record.Payload, header, out var delta));
                Assert.Equal(revealing, delta.VenueSequence);
            }
        }
        Assert.Empty(awaitingResync);
        Assert.Equal(status.Gaps, gaps);
    }

    [Fact]
    public async Task Run_Disconnects_RecordAFeedWideGapThenAResyncSnapshotOfEveryBook()
    {
        var options = new EmbeddedPipelineOptions(_data.Path, Rate: 0, MaxEvents: 20_000,
            Sim: new SimOptions(Seed: 8, Symbols: ["A", "B", "C"], Faults: new SimFaults(DisconnectChance: 0.0005)));
        await using var pipeline = new EmbeddedPipeline(options);
        pipeline.Start();
        await pipeline.Completion.WaitAsync(Patience);
        await pipeline.StopAsync();

        using var reader = pipeline.Journal!.OpenReader();
        var disconnects = 0;
        var afterGap = -1; // snapshots still expected after the last disconnect gap
        while (reader.TryRead(out var record))
        {
            if (afterGap > 0)
            {
                Assert.Equal(EventKind.BookSnapshot, record.Kind);
                Assert.True(record.Flags.HasFlag(RecordFlags.Resync));
                afterGap--;
            }
            else if (record.Kind == EventKind.Gap)
            {
                Assert.True(Gap.TryReadPayload(record.Payload, new EventHeader(record.InstrumentId, record.TsEvent, record.TsRecv), out var gap));
                Assert.Equal((0u, GapReason.Disconnect), (gap.InstrumentId, gap.Reason));
                disconnects++;
                afterGap = 3;
            }
        }
        Assert.True(disconnects > 0);
        Assert.Equal(disconnects, pipeline.Status().Gaps);
        Assert.Equal(disconnects, pipeline.Venue!.Disconnects);
    }

    [Fact]
    public async Task StopAsync_WhileRunning_CommitsAndReopensCleanly()
    {
        var options = new EmbeddedPipelineOptions(_data.Path, Rate: 100_000);
        long last;
        await using (var pipeline = new EmbeddedPipeline(options))
        {
            // Reads one message only: it must not block the publisher when its queue fills.
            await using var subscription = pipeline.Bus.Subscribe("dev.sim.>", new SubscriptionOptions(Overflow: OverflowPolicy.DropOldest));
            pipeline.Start();
            await subscription.Messages.ReadAsync().AsTask().WaitAsync(Patience); // running: something reached the bus
            await pipeline.StopAsync();
            Assert.True(pipeline.Completion.IsCompletedSuccessfully);
            last = pipeline.Journal!.LastSequence;
            Assert.Equal(last, pipeline.Status().Published);
        }
        using var reopened = MmapJournal.Open(MmapJournal.PathFor(_data.Path, "dev", "sim"));
        using var writer = reopened.OpenWriter();
        Assert.Equal(last + 1, writer.NextSequence);
        Assert.Equal(0, writer.Recovery.TornTailBytes);
    }

    [Fact]
    public void Constructor_BadOptions_Throws()
    {
        Assert.Throws<ArgumentException>(() => new EmbeddedPipeline(new EmbeddedPipelineOptions(_data.Path, Rate: -1)));
        Assert.Throws<ArgumentException>(() => new EmbeddedPipeline(new EmbeddedPipelineOptions(_data.Path, MaxEvents: 0)));
    }
}
