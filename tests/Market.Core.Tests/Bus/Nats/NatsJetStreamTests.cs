using System.Text;
using Market.Core.Bus.Nats;
using static Market.Core.Tests.Bus.Nats.NatsTestSupport;

namespace Market.Core.Tests.Bus.Nats;

/// <summary>The JetStream subset against nats-server -js: streams, acks, de-duplication, ordered and pull consumers.</summary>
public sealed class NatsJetStreamTests(NatsServerFixture server) : IClassFixture<NatsServerFixture>
{
    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    private static string TextOf(NatsJsMessage message) => Encoding.UTF8.GetString(message.Message.Payload.Span);

    private async Task<(NatsConnection Connection, NatsJetStream JetStream)> ConnectAsync()
    {
        var connection = await NatsConnection.ConnectAsync(Options(server.Url));
        return (connection, new NatsJetStream(connection));
    }

    [Fact]
    public async Task Stream_CreateUpdateInfo_ReportsConfigAndState()
    {
        var (connection, js) = await ConnectAsync();
        await using var _ = connection;

        var created = await js.CreateStreamAsync(new NatsStreamConfig("CFG", ["cfg.>"]) { Storage = NatsStorage.Memory, MaxAge = TimeSpan.FromHours(1), DuplicateWindow = TimeSpan.FromSeconds(30) });
        Assert.Equal(NatsStorage.Memory, created.Config.Storage);
        Assert.Equal(TimeSpan.FromHours(1), created.Config.MaxAge);
        Assert.Equal(TimeSpan.FromSeconds(30), created.Config.DuplicateWindow);

        var updated = await js.UpdateStreamAsync(created.Config with { Subjects = ["cfg.>", "cfg2.>"], MaxBytes = 1 << 20 });
        Assert.Equal(["cfg.>", "cfg2.>"], updated.Config.Subjects);
        Assert.Equal(1 << 20, updated.Config.MaxBytes);

        await js.PublishAsync("cfg2.a", Text("x"));
        var info = await js.GetStreamInfoAsync("CFG");
        Assert.Equal(1UL, info.Messages);
        Assert.Equal(1UL, info.LastSequence);
        var missing = await Assert.ThrowsAsync<NatsJetStreamException>(() => js.GetStreamInfoAsync("NOPE"));
        Assert.Equal(404, missing.Code);
    }

    [Fact]
    public async Task Publish_Acks_DuplicateMsgIdIsDetectedAndNotStored()
    {
        var (connection, js) = await ConnectAsync();
        await using var _ = connection;
        await js.CreateStreamAsync(new NatsStreamConfig("DEDUP", ["dedup.>"]));

        var first = await js.PublishAsync("dedup.a", Text("one"), messageId: "order-1");
        var second = await js.PublishAsync("dedup.a", Text("two"), messageId: "order-2");
        var repeat = await js.PublishAsync("dedup.a", Text("one again"), messageId: "order-1");

        Assert.Equal(new NatsPubAck("DEDUP", 1, false), first);
        Assert.Equal(new NatsPubAck("DEDUP", 2, false), second);
        Assert.True(repeat.Duplicate);
        Assert.Equal(1UL, repeat.Sequence);
        Assert.Equal(2UL, (await js.GetStreamInfoAsync("DEDUP")).Messages);
        await Assert.ThrowsAsync<NatsJetStreamException>(() => js.PublishAsync("no.stream.here", Text("x")));
    }

    [Fact]
    public async Task OrderedConsumer_FromSequence_DeliversTheRestInOrder()
    {
        var (connection, js) = await ConnectAsync();
        await using var _ = connection;
        await js.CreateStreamAsync(new NatsStreamConfig("ORD", ["ord.>"]));
        for (var i = 1; i <= 20; i++) await js.PublishAsync($"ord.{i % 3}", Text($"m{i}"));

        await using var consumer = await js.CreateOrderedConsumerAsync("ORD", NatsConsumerStart.FromSequence(5));

        var received = new List<NatsJsMessage>();
        for (var i = 0; i < 16; i++) received.Add(await consumer.Messages.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(Enumerable.Range(5, 16).Select(i => (ulong)i), received.Select(m => m.StreamSequence));
        Assert.Equal(Enumerable.Range(5, 16).Select(i => $"m{i}"), received.Select(TextOf));
        Assert.Equal(Enumerable.Range(1, 16).Select(i => (ulong)i), received.Select(m => m.ConsumerSequence));

        await js.PublishAsync("ord.live", Text("live"));
        Assert.Equal("live", TextOf(await consumer.Messages.ReadAsync().AsTask().WaitAsync(Patience)));
    }

    [Fact]
    public async Task OrderedConsumer_FromTime_StartsAtTheFirstMessageAtOrAfterIt()
    {
        var (connection, js) = await ConnectAsync();
        await using var _ = connection;
        await js.CreateStreamAsync(new NatsStreamConfig("TIME", ["time.>"]));
        for (var i = 0; i < 3; i++) await js.PublishAsync("time.a", Text($"old{i}"));

        // The stream's own timestamps decide: start at the stored time of the 4th message.
        await using (var all = await js.CreateOrderedConsumerAsync("TIME", NatsConsumerStart.All))
        {
            for (var i = 0; i < 3; i++) await all.Messages.ReadAsync().AsTask().WaitAsync(Patience);
        }
        await js.PublishAsync("time.a", Text("new0"));
        await js.PublishAsync("time.a", Text("new1"));
        NatsJsMessage fourth;
        await using (var bySeq = await js.CreateOrderedConsumerAsync("TIME", NatsConsumerStart.FromSequence(4)))
        {
            fourth = await bySeq.Messages.ReadAsync().AsTask().WaitAsync(Patience);
        }

        await using var consumer = await js.CreateOrderedConsumerAsync("TIME", NatsConsumerStart.FromTime(fourth.Timestamp));

        var first = await consumer.Messages.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.Equal(4UL, first.StreamSequence);
        Assert.Equal("new0", TextOf(first));
        Assert.Equal("new1", TextOf(await consumer.Messages.ReadAsync().AsTask().WaitAsync(Patience)));
    }

    [Fact]
    public async Task PullConsumer_FetchBatchesFromSequence_AckedMessagesAreNotRedelivered()
    {
        var (connection, js) = await ConnectAsync();
        await using var _ = connection;
        await js.CreateStreamAsync(new NatsStreamConfig("PULL", ["pull.>"]));
        for (var i = 1; i <= 10; i++) await js.PublishAsync("pull.x", Text($"p{i}"));

        await using var consumer = await js.CreatePullConsumerAsync("PULL", NatsConsumerStart.FromSequence(3), durableName: "reader");

        var first = await consumer.FetchAsync(5, TimeSpan.FromSeconds(2));
        Assert.Equal(["p3", "p4", "p5", "p6", "p7"], first.Select(TextOf));
        foreach (var message in first) await consumer.AckAsync(message);
        var rest = await consumer.FetchAsync(5, TimeSpan.FromMilliseconds(300));
        Assert.Equal(["p8", "p9", "p10"], rest.Select(TextOf));
    }
}
