using System.Net.Sockets;
using System.Text;
using Market.Core.Bus;
using Market.Core.Bus.Nats;
using static Market.Core.Tests.Bus.Nats.NatsTestSupport;

namespace Market.Core.Tests.Bus.Nats;

/// <summary>Protocol conformance against a real nats-server: headers, payload limits, UNSUB max, no responders.</summary>
public sealed class NatsProtocolTests(NatsServerFixture server) : IClassFixture<NatsServerFixture>
{
    [Fact]
    public async Task Publish_Headers_RoundTripThroughHpubAndHmsg()
    {
        await using var bus = await NatsBus.ConnectAsync(Options(server.Url));
        await using var sub = bus.Subscribe("hdr.one");
        var headers = new BusHeaders { ["Nats-Msg-Id"] = "abc-1", ["X-Empty"] = "", ["X-Colon"] = "a: b", ["x-case"] = "lower" };

        await bus.PublishAsync("hdr.one", "body"u8.ToArray(), headers, replyTo: "hdr.reply");

        var message = await ReadAsync(sub);
        Assert.Equal("body", Encoding.UTF8.GetString(message.Payload.Span));
        Assert.Equal("hdr.reply", message.ReplyTo);
        Assert.Equal(headers.OrderBy(h => h.Key, StringComparer.Ordinal), message.Headers!.OrderBy(h => h.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Receive_HeaderSentTwice_ValuesJoinedInOrder()
    {
        await using var bus = await NatsBus.ConnectAsync(Options(server.Url));
        await using var sub = bus.Subscribe("hdr.multi");
        await bus.FlushAsync();

        // Another client sends a multi-valued header, which BusHeaders folds into one value.
        await PublishRawAsync("hdr.multi", "NATS/1.0\r\nX-Tag: one\r\nX-Tag: two\r\nX-Other: 3\r\n\r\n", payload: "p");

        var message = await ReadAsync(sub);
        Assert.Equal("one, two", message.Headers!["X-Tag"]);
        Assert.Equal("3", message.Headers["X-Other"]);
        Assert.Equal("p", Encoding.UTF8.GetString(message.Payload.Span));
    }

    [Fact]
    public async Task Receive_HeaderNamesRepeated_DecodedOnceAndValuesTrimmed()
    {
        await using var bus = await NatsBus.ConnectAsync(Options(server.Url));
        await using var sub = bus.Subscribe("hdr.repeat");
        await bus.FlushAsync();

        // Padding around a value is not part of it: spaces and tabs, and other white space too.
        await PublishRawAsync("hdr.repeat", "NATS/1.0\r\nDeepwater-Seq: 1\r\nX-Pad:\t\tpadded \t\r\n\r\n");
        await PublishRawAsync("hdr.repeat", "NATS/1.0\r\nDeepwater-Seq:2\r\nX-Pad: \u00a0wide\u00a0\r\n\r\n");

        var first = await ReadAsync(sub);
        var second = await ReadAsync(sub);
        Assert.Equal(["1", "padded"], [first.Headers!["Deepwater-Seq"], first.Headers["X-Pad"]]);
        Assert.Equal(["2", "wide"], [second.Headers!["Deepwater-Seq"], second.Headers["X-Pad"]]);
        // The connection decodes a header name once and hands the same string to every message.
        Assert.Same(first.Headers.Keys.First(), second.Headers.Keys.First());
        Assert.Same(first.Headers.Keys.Last(), second.Headers.Keys.Last());
    }

    // Another client, speaking the raw protocol, publishes a header block as given.
    private async Task PublishRawAsync(string subject, string block, string payload = "")
    {
        using var raw = new TcpClient();
        await raw.ConnectAsync("127.0.0.1", server.Server.Port);
        var stream = raw.GetStream();
        var length = Encoding.UTF8.GetByteCount(block);
        var total = length + Encoding.UTF8.GetByteCount(payload);
        var command = $"CONNECT {{\"verbose\":false,\"headers\":true,\"protocol\":1}}\r\nHPUB {subject} {length} {total}\r\n{block}{payload}\r\nPING\r\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command));
        // The PONG says the server has processed the publish before this client goes away.
        var reply = new byte[4096];
        var seen = "";
        while (!seen.Contains("PONG", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(reply);
            Assert.True(n > 0, $"the server closed the raw connection: {seen}");
            seen += Encoding.UTF8.GetString(reply, 0, n);
        }
    }

    [Fact]
    public async Task Publish_OverMaxPayload_ThrowsNamingTheLimitAndSendsNothing()
    {
        await using var connection = await NatsConnection.ConnectAsync(Options(server.Url));
        var limit = connection.ServerInfo.MaxPayload;
        Assert.True(limit > 0);

        var e = await Assert.ThrowsAsync<NatsPayloadTooLargeException>(async () => await connection.PublishAsync("big", new byte[limit + 1]));

        Assert.Equal(limit, e.Limit);
        Assert.Contains($"max_payload of {limit} bytes", e.Message, StringComparison.Ordinal);
        await connection.PublishAsync("big", new byte[limit - 64]);
        await connection.FlushAsync().WaitAsync(Patience);
        Assert.Equal(NatsConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task Publish_Burst_AllBytesAccountedAndDelivered()
    {
        const int count = 200_000;
        await using var connection = await NatsConnection.ConnectAsync(Options(server.Url) with { WriteBufferBytes = 64 * 1024 });
        var received = 0;
        await using var sub = connection.Subscribe("burst.x", null, (in NatsMessage _) => Interlocked.Increment(ref received));
        var payload = new byte[64];

        for (var i = 0; i < count; i++) await connection.PublishAsync("burst.x", payload);
        await connection.FlushAsync().WaitAsync(Patience);

        // Backpressure relies on the written-byte count matching the committed one exactly.
        Assert.Equal(count, Volatile.Read(ref received));
        await WaitUntilAsync(() => connection.PendingBytes == 0, "the writer loop to account for every byte");
    }

    [Fact]
    public async Task Unsubscribe_AfterMax_ServerStopsAfterThatMany()
    {
        await using var connection = await NatsConnection.ConnectAsync(Options(server.Url));
        var received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sub = connection.Subscribe("max.x", null, (in NatsMessage _) => Interlocked.Increment(ref received), _ => done.TrySetResult());
        sub.Unsubscribe(afterMessages: 3);

        for (var i = 0; i < 10; i++) await connection.PublishAsync("max.x", new byte[] { 1 });
        await connection.FlushAsync().WaitAsync(Patience);

        await done.Task.WaitAsync(Patience);
        Assert.Equal(3, Volatile.Read(ref received));
    }

    [Fact]
    public async Task Request_NoSubscriber_ServerStatus503BecomesNoResponders()
    {
        await using var connection = await NatsConnection.ConnectAsync(Options(server.Url));
        var e = await Assert.ThrowsAsync<NoRespondersException>(() => connection.RequestAsync("nobody.home", default, TimeSpan.FromMinutes(1)).WaitAsync(Patience));
        Assert.Equal("nobody.home", e.Subject);
    }

    [Fact]
    public async Task Connect_NoServer_FailsNamingEachUrl()
    {
        var port = NatsServer.FreePort();
        var e = await Assert.ThrowsAsync<NatsException>(() => NatsConnection.ConnectAsync(Options($"nats://127.0.0.1:{port}")));
        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_ServerThatNeverSendsInfo_TimesOutNamingThePhase()
    {
        // The kernel completes the TCP handshake on a listening socket nobody accepts from: the
        // client's blocking read of INFO must be cut by the timeout, not hang.
        using var silent = new TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var url = $"nats://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}";

        var e = await Assert.ThrowsAsync<NatsException>(() => NatsConnection.ConnectAsync(Options(url) with { ConnectTimeout = TimeSpan.FromMilliseconds(300) }).WaitAsync(Patience));

        Assert.Contains("did not complete the INFO within 0.3s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_CancelledDuringHandshake_ThrowsOperationCanceled()
    {
        using var silent = new TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var url = $"nats://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}";
        using var cancel = new CancellationTokenSource();

        var connecting = NatsConnection.ConnectAsync(Options(url) with { ConnectTimeout = TimeSpan.FromMinutes(5) }, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting.WaitAsync(Patience));
    }

    [Fact]
    public async Task PublishBatch_RunArrivesWholeAndInOrder()
    {
        await using var publisher = await NatsConnection.ConnectAsync(Options(server.Url));
        await using var bus = await NatsBus.ConnectAsync(Options(server.Url));
        await using var sub = bus.Subscribe("batch.run");
        await bus.FlushAsync();

        using (publisher.BeginPublishBatch())
        {
            for (var i = 0; i < 100; i++) await publisher.PublishAsync("batch.run", BitConverter.GetBytes(i));
        }

        for (var i = 0; i < 100; i++) Assert.Equal(i, BitConverter.ToInt32((await ReadAsync(sub)).Payload.Span));
    }

    [Fact]
    public async Task PublishBatch_LongerThanTheWriteBuffer_StillDrainsWhileOpen()
    {
        // Inside a batch commits wake nobody; a publisher that runs out of room must wake the writer
        // itself, or it would wait for room that only the end of its own batch could make.
        const int count = 20_000;
        await using var connection = await NatsConnection.ConnectAsync(Options(server.Url) with { WriteBufferBytes = 4096 });
        var received = 0;
        await using var sub = connection.Subscribe("batch.big", null, (in NatsMessage _) => Interlocked.Increment(ref received));
        await connection.FlushAsync().WaitAsync(Patience);

        using (connection.BeginPublishBatch())
        {
            await Task.Run(async () =>
            {
                for (var i = 0; i < count; i++) await connection.PublishAsync("batch.big", new byte[100]);
            }).WaitAsync(Patience);
        }
        await connection.FlushAsync().WaitAsync(Patience);

        Assert.Equal(count, Volatile.Read(ref received));
    }

    [Fact]
    public async Task PublishBatch_ClosedAfterTheConnectionIsDisposed_DoesNothing()
    {
        var connection = await NatsConnection.ConnectAsync(Options(server.Url));
        var batch = connection.BeginPublishBatch();
        await connection.PublishAsync("batch.late", new byte[] { 1 });

        await connection.DisposeAsync();
        batch.Dispose();

        Assert.Throws<ObjectDisposedException>(() => connection.BeginPublishBatch());
    }
}
