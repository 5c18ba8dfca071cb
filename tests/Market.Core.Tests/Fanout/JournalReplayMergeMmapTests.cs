using Market.Core.Bus;
using Market.Core.Fanout;
using Market.Core.Journal;
using Market.Core.Tests.Support;
using Signals.Library;
using static Market.Core.Tests.Fanout.FanoutTestKit;

namespace Market.Core.Tests.Fanout;

public sealed class JournalReplayMergeMmapTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task SubscribeFrom_MmapJournalAcrossChunks_DeliversEverySequenceOnceInOrder()
    {
        const int total = 10_000;
        var options = new JournalOptions { ChunkSize = 256 * 1024, Pretouch = false };
        using var journal = MmapJournal.Open(_directory.Combine("mmapfeed"), options, create: true);
        using var writer = journal.OpenWriter();
        var symbols = new[] { writer.Intern("BTC-USD"), writer.Intern("KX.D-25") };
        await using var bus = new InProcessBus();
        await using var publisher = new JournalPublisher(journal, bus, Env, startSequence: 1);
        publisher.Start();
        var midway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var appender = Task.Factory.StartNew(() =>
        {
            for (var i = 1; i <= total; i++)
            {
                AppendNumbered(writer, i, symbols[i % 2], EventKind.Trade);
                if (i == total / 3) midway.SetResult();
            }
            writer.Commit();
        }, TaskCreationOptions.LongRunning);
        using var cts = new CancellationTokenSource(Patience);

        await midway.Task.WaitAsync(Patience);
        var received = await TakeAsync(bus.SubscribeFrom(journal, Env, 1, options: new SubscriptionOptions(128, OverflowPolicy.DropOldest)), total, cts.Token);
        await appender.WaitAsync(Patience);

        AssertContiguous(received, 1, total);
        Assert.Equal(ReadJournal(journal), received);
    }

    public void Dispose() => _directory.Dispose();
}
