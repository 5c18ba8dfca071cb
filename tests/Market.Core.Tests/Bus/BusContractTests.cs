using System.Buffers.Binary;
using Market.Core.Bus;

namespace Market.Core.Tests.Bus;

/// <summary>The behaviour every bus implementation must have; run against each of them.</summary>
public abstract partial class BusContractTests
{
    /// <summary>Generous: a wait only reaches it when something is broken.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>A new bus with no subscriptions.</summary>
    protected abstract IBus CreateBus();

    protected static byte[] Bytes(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }

    protected static int ValueOf(BusMessage message) => BinaryPrimitives.ReadInt32LittleEndian(message.Payload.Span);

    protected static async Task<BusMessage> ReadAsync(IBusSubscription subscription) =>
        await subscription.Messages.ReadAsync().AsTask().WaitAsync(Patience);

    protected static async Task<List<BusMessage>> ReadAsync(IBusSubscription subscription, int count)
    {
        var messages = new List<BusMessage>(count);
        for (var i = 0; i < count; i++) messages.Add(await ReadAsync(subscription));
        return messages;
    }

    /// <summary>After a flush everything published has been queued, so an empty queue means nothing more comes.</summary>
    protected static async Task AssertNothingQueuedAsync(IBus bus, IBusSubscription subscription)
    {
        await bus.FlushAsync().WaitAsync(Patience);
        Assert.False(subscription.Messages.TryRead(out var extra), $"unexpected message on '{extra?.Subject}'");
    }

    [Fact]
    public async Task Publish_ExactSubject_DeliversSubjectPayloadAndHeaders()
    {
        await using var bus = CreateBus();
        await using var sub = bus.Subscribe("prod.venue.trade.BTC");
        var headers = new BusHeaders { ["Nats-Msg-Id"] = "42" };

        await bus.PublishAsync("prod.venue.trade.BTC", new byte[] { 1, 2, 3 }, headers);

        var message = await ReadAsync(sub);
        Assert.Equal("prod.venue.trade.BTC", message.Subject);
        Assert.Equal(new byte[] { 1, 2, 3 }, message.Payload.ToArray());
        Assert.Equal("42", message.Headers!["Nats-Msg-Id"]);
        Assert.Null(message.ReplyTo);
        await AssertNothingQueuedAsync(bus, sub);
    }

    [Fact]
    public async Task Publish_HeadersReusedAfterPublish_SubscriberSeesTheValuesPublished()
    {
        await using var bus = CreateBus();
        await using var sub = bus.Subscribe("a");
        var headers = new BusHeaders { ["Deepwater-Seq"] = "1" };

        await bus.PublishAsync("a", new byte[] { 1 }, headers);
        headers["Deepwater-Seq"] = "2";
        headers["X-Later"] = "added";
        await bus.PublishAsync("a", new byte[] { 2 }, headers);

        var first = await ReadAsync(sub);
        var second = await ReadAsync(sub);
        Assert.Equal(new Dictionary<string, string> { ["Deepwater-Seq"] = "1" }, first.Headers);
        Assert.Equal(new Dictionary<string, string> { ["Deepwater-Seq"] = "2", ["X-Later"] = "added" }, second.Headers);
    }

    [Fact]
    public async Task Publish_PayloadBufferReusedAfterPublish_SubscriberSeesOriginalBytes()
    {
        await using var bus = CreateBus();
        await using var sub = bus.Subscribe("a");
        var buffer = new byte[] { 7, 7 };

        await bus.PublishAsync("a", buffer);
        buffer[0] = 0;

        Assert.Equal(new byte[] { 7, 7 }, (await ReadAsync(sub)).Payload.ToArray());
    }

    [Fact]
    public async Task Publish_OtherSubject_IsNotDelivered()
    {
        await using var bus = CreateBus();
        await using var sub = bus.Subscribe("a.b");

        await bus.PublishAsync("a.c", Bytes(1));
        await bus.PublishAsync("a.b.c", Bytes(2));
        await bus.PublishAsync("a", Bytes(3));
        await bus.PublishAsync("a.b", Bytes(4));

        Assert.Equal(4, ValueOf(await ReadAsync(sub)));
        await AssertNothingQueuedAsync(bus, sub);
    }

    [Fact]
    public async Task Publish_NoSubscribers_Completes()
    {
        await using var bus = CreateBus();
        await bus.PublishAsync("nobody.listens", Bytes(1)).AsTask().WaitAsync(Patience);
    }

    [Fact]
    public async Task Subscribe_Star_MatchesExactlyOneToken()
    {
        await using var bus = CreateBus();
        await using var sub = bus.Subscribe("a.*");

        foreach (var subject in new[] { "a", "a.b.c", "b.x", "a.b", "a.c" }) await bus.PublishAsync(subject, Bytes(0));

        Assert.Equal(["a.b", "a.c"], (await ReadAsync(sub, 2)).Select(m => m.Subject));
        await AssertNothingQueuedAsync(bus, sub);
    }

    [Fact]
    public async Task Subscribe_StarInTheMiddle_MatchesAnyTokenThere()
    {
        await using var bus = CreateBus();
        await using var sub = bus.Subscribe("prod.*.trade.BTC");

        foreach (var subject in new[] { "prod.x.trade.BTC", "prod.x.book.BTC", "prod.y.trade.BTC", "prod.x.y.trade.BTC" }) await bus.PublishAsync(subject, Bytes(0));

        Assert.Equal(["prod.x.trade.BTC", "prod.y.trade.BTC"], (await ReadAsync(sub, 2)).Select(m => m.Subject));
        await AssertNothingQueuedAsync(bus, sub);
    }

    [Fact]
    public async Task Subscribe_GreaterThan_MatchesOneOrMoreTrailingTokens()
    {
        await using var bus = CreateBus();
        await using var sub = bus.Subscribe("a.>");

        foreach (var subject in new[] { "a", "b.c", "a.b", "a.b.c", "ab.c" }) await bus.PublishAsync(subject, Bytes(0));

        Assert.Equal(["a.b", "a.b.c"], (await ReadAsync(sub, 2)).Select(m => m.Subject));
        await AssertNothingQueuedAsync(bus, sub);
    }

    [Fact]
    public async Task Subscribe_OverlappingPatterns_EachSubscriptionGetsItsOwnCopy()
    {
        await using var bus = CreateBus();
        await using var exact = bus.Subscribe("a.b");
        await using var star = bus.Subscribe("a.*");
        await using var rest = bus.Subscribe(">");

        await bus.PublishAsync("a.b", Bytes(5));

        foreach (var sub in new[] { exact, star, rest })
        {
            Assert.Equal(5, ValueOf(await ReadAsync(sub)));
            await AssertNothingQueuedAsync(bus, sub);
        }
    }

    [Fact]
    public async Task Subscribe_EscapedSymbolWithDot_StaysOneToken()
    {
        await using var bus = CreateBus();
        await using var sub = bus.Subscribe(MarketSubjects.AllSymbols("prod", "venue", "trade"));

        await bus.PublishAsync(MarketSubjects.For("prod", "venue", "trade", "BTC.D-25"), Bytes(1));

        var message = await ReadAsync(sub);
        Assert.Equal("BTC.D-25", MarketSubjects.SymbolOf(message.Subject));
    }

    [Fact]
    public async Task PublishAsync_WildcardSubject_ThrowsArgumentExceptionWithPreciseMessage()
    {
        await using var bus = CreateBus();
        var e = await Assert.ThrowsAsync<ArgumentException>(async () => await bus.PublishAsync("a.*", Bytes(0)));
        Assert.StartsWith("cannot publish to 'a.*': the wildcard '*' at position 1 is only allowed in subscriptions", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(async () => await bus.PublishAsync("a.>", Bytes(0)));
    }

    [Theory]
    [InlineData("", "subject is empty")]
    [InlineData("a..b", "subject 'a..b' has an empty token at position 1")]
    [InlineData("a.>.b", "subject 'a.>.b' has '>' at position 1, but '>' is only allowed as the last token")]
    [InlineData("a b", "subject 'a b' contains whitespace or a control character (U+0020) at index 1")]
    public async Task Subscribe_InvalidSubject_ThrowsArgumentExceptionWithPreciseMessage(string subject, string expectedStart)
    {
        await using var bus = CreateBus();
        var e = Assert.Throws<ArgumentException>(() => bus.Subscribe(subject));
        Assert.StartsWith(expectedStart, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_InvalidReplyTo_ThrowsNamingIt()
    {
        await using var bus = CreateBus();
        var e = await Assert.ThrowsAsync<ArgumentException>(async () => await bus.PublishAsync("a", Bytes(0), replyTo: "x.*"));
        Assert.Equal("replyTo", e.ParamName);
    }

    [Fact]
    public async Task Subscribe_InvalidOptions_Throws()
    {
        await using var bus = CreateBus();
        Assert.Throws<ArgumentException>(() => bus.Subscribe("a", new SubscriptionOptions(Capacity: 0)));
        Assert.Throws<ArgumentException>(() => bus.Subscribe("a", new SubscriptionOptions(QueueGroup: "")));
        Assert.Throws<ArgumentException>(() => bus.Subscribe("a", new SubscriptionOptions(QueueGroup: "g 1")));
    }
}
