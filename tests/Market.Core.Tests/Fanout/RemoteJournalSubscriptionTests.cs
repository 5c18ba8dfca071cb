using Market.Core.Bus;
using Market.Core.Bus.Nats;
using Market.Core.Fanout;
using Market.Core.Journal;
using Market.Core.Tests.Bus.Nats;
using Market.Core.Tests.Support;
using Signals.Library;
using static Market.Core.Tests.Fanout.FanoutTestKit;

namespace Market.Core.Tests.Fanout;

public sealed class RemoteJournalSubscriptionTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task ReadService_AnswersBatchesWithSymbolsAndMore_AndSaysWhenItHasNoSuchFeed()
    {
        using var journal = MmapJournal.Open(_directory.Combine("feed1"), new JournalOptions { ChunkSize = 256 * 1024, Pretouch = false }, create: true);
        using (var writer = journal.OpenWriter())
        {
            var btc = writer.Intern("BTC-USD");
            for (var i = 1; i <= 10; i++) AppendNumbered(writer, i, i == 5 ? 0 : btc);
            writer.Commit();
        }
        await using var bus = new InProcessBus();
        await using var service = new JournalReadService(bus, Env, f => f == "feed1" ? journal : null);

        var first = await AskAsync(bus, new JournalReadRequest("feed1", 3, 4));
        Assert.Equal([3L, 4, 5, 6], first.Records.Select(r => r.Sequence));
        Assert.Equal(6, first.LastSequence);
        Assert.True(first.More);
        Assert.Equal("BTC-USD", first.Symbols[first.Records[0].InstrumentId]);
        Assert.Equal(ReadJournal(journal).Skip(2).Take(4), first.Records);

        var rest = await AskAsync(bus, new JournalReadRequest("feed1", 7, 100));
        Assert.Equal(10, rest.LastSequence);
        Assert.False(rest.More);
        var beyond = await AskAsync(bus, new JournalReadRequest("feed1", 11, 100));
        Assert.Empty(beyond.Records);
        Assert.Equal(10, beyond.LastSequence);
        Assert.Contains("feed2", (await AskAsync(bus, new JournalReadRequest("feed2", 1, 100))).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribeFrom_OverNats_ServerKilledAndRestartedMidStorm_DeliversExactlyOneToNInOrder()
    {
        const int total = 30_000;
        await using var server = await NatsServer.StartAsync();
        using var journal = MmapJournal.Open(_directory.Combine("storm"), new JournalOptions { ChunkSize = 1024 * 1024, Pretouch = false }, create: true);
        using var writer = journal.OpenWriter();
        var symbols = new[] { writer.Intern("BTC-USD"), writer.Intern("KX.D-25") };
        var options = NatsTestSupport.Options(server.Url) with { ReconnectBufferPolicy = ReconnectBufferPolicy.Wait, ReconnectWait = TimeSpan.FromMilliseconds(20), MaxReconnectWait = TimeSpan.FromMilliseconds(200) };
        await using var core = await NatsBus.ConnectAsync(options with { Name = "core" });
        // The consumer comes through a proxy, so the test decides when it gets back after the restart.
        await using var proxy = new TcpProxy(server.Port);
        await using var consumer = await NatsBus.ConnectAsync(options with { Name = "consumer", Servers = [proxy.Url] });
        await using var service = new JournalReadService(core, Env, f => f == journal.Feed ? journal : null);
        await using var publisher = new JournalPublisher(journal, core, Env, startSequence: 1);
        publisher.Start();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        var received = new List<FeedRecord>(total);
        var receiving = Task.Run(async () =>
        {
            await foreach (var record in RemoteJournalSubscription.SubscribeFrom(consumer, Env, journal.Feed, 1, cts.Token))
            {
                received.Add(record);
                if (received.Count == total) break;
            }
        });
        var midway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var appender = Task.Factory.StartNew(() =>
        {
            for (var i = 1; i <= total; i++)
            {
                AppendNumbered(writer, i, symbols[i % 2], (i % 7) == 0 ? EventKind.Quote : EventKind.Trade);
                // Spread the storm so the outage lands in the middle of it and records keep coming after.
                if (i % 500 == 0) Thread.Sleep(5);
                if (i == total / 3) midway.SetResult();
                if (i == total / 2) restarted.Task.Wait(TimeSpan.FromSeconds(30));
            }
            writer.Commit();
        }, TaskCreationOptions.LongRunning);

        await midway.Task.WaitAsync(Patience);
        proxy.RefuseNew();
        await NatsTestSupport.KillRestartAndReconnectAsync(server, core.Connection);
        restarted.SetResult();
        // Records go out while the consumer is still away: a hole only the read service can fill.
        await publisher.WaitForPublishedAsync(total / 2 + 1_000).WaitAsync(Patience);
        proxy.Admit();
        await appender.WaitAsync(Patience);
        await receiving.WaitAsync(TimeSpan.FromSeconds(60));

        AssertContiguous([.. received.Select(r => r.Entry)], 1, total);
        Assert.Equal(ReadJournal(journal), received.Select(r => r.Entry));
        Assert.All(received, r => Assert.Equal(journal.Symbols.GetSymbol(r.Entry.InstrumentId), r.Symbol));
        Assert.True(consumer.Connection.Reconnects >= 1, "the consumer never saw the server go away");
        Assert.True(service.Answered >= 1);
    }

    private static async Task<JournalReadReply> AskAsync(IBus bus, JournalReadRequest request)
    {
        var answer = await bus.RequestAsync(JournalReadService.Subject(Env), request.ToJson(), Patience);
        Assert.True(JournalReadReply.TryDecode(answer.Payload.Span, out var reply));
        return reply;
    }

    public void Dispose() => _directory.Dispose();
}
