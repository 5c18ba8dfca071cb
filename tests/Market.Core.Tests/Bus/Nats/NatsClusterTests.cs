using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text.Json;
using Market.Core.Bus;
using Market.Core.Bus.Nats;
using Xunit.Abstractions;
using static Market.Core.Tests.Bus.Nats.NatsTestSupport;

namespace Market.Core.Tests.Bus.Nats;

/// <summary>
/// A 3-node nats-server cluster on loopback with one node killed: a subscriber on the killed node
/// moves to another and keeps receiving; an R3 JetStream stream keeps acking publishes and holds
/// every message exactly once.
/// </summary>
public sealed class NatsClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Failover = TimeSpan.FromSeconds(60);

    private static byte[] Index(long i)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, i);
        return bytes;
    }

    private static long IndexOf(ReadOnlyMemory<byte> payload) => BinaryPrimitives.ReadInt64LittleEndian(payload.Span);

    /// <summary>Publishes 0, 1, 2... until the subscriber receives one at or past <paramref name="from"/> (interest crosses routes asynchronously).</summary>
    internal static async Task<long> PumpUntilReceivedAsync(NatsBus publisher, IBusSubscription subscription, long next, long from)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            await publisher.PublishAsync("cluster.ticks", Index(next++));
            await publisher.FlushAsync();
            while (subscription.Messages.TryRead(out var message))
            {
                if (IndexOf(message.Payload) >= from) return next;
            }
            await Task.Delay(5);
        }
        throw new TimeoutException($"the subscriber received nothing at or past {from}");
    }

    [Fact]
    public async Task SubscribersNodeKilled_ClientReconnectsToAnotherNode_AndKeepsReceiving()
    {
        await using var cluster = await NatsCluster.StartAsync(3);
        var (a, b, c) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);
        await using var publisher = await NatsBus.ConnectAsync(Options(a.Url, c.Url));
        await using var subscriber = await NatsBus.ConnectAsync(Options(b.Url, c.Url));
        await using var subscription = subscriber.Subscribe("cluster.ticks");
        await subscriber.FlushAsync().WaitAsync(Patience);
        Assert.Equal(b.Port, subscriber.Connection.ConnectedServer.Port);

        var next = await PumpUntilReceivedAsync(publisher, subscription, 0, 0);
        var reconnected = Next<NatsConnectionEventArgs>(h => subscriber.Connection.Reconnected += h);
        await b.KillAsync();
        await reconnected.WaitAsync(Patience);
        Assert.Equal(c.Port, subscriber.Connection.ConnectedServer.Port);

        // Core NATS is at-most-once: what was published while the subscriber was away is gone.
        // From the first message after the move on, every one arrives, in order.
        var resumedAt = next;
        next = await PumpUntilReceivedAsync(publisher, subscription, next, resumedAt);
        while (subscription.Messages.TryRead(out _)) { }
        const int After = 5_000;
        for (var i = 0; i < After; i++) await publisher.PublishAsync("cluster.ticks", Index(next + i));
        await publisher.FlushAsync().WaitAsync(Patience);
        for (var i = 0; i < After; i++)
        {
            var message = await ReadAsync(subscription);
            // The pump's last publishes may still have been in flight when it drained the queue.
            while (i == 0 && IndexOf(message.Payload) < next) message = await ReadAsync(subscription);
            Assert.Equal(next + i, IndexOf(message.Payload));
        }
        Assert.Equal(1, subscriber.Connection.Reconnects);
        Assert.Equal(0, publisher.Connection.Reconnects);
    }

    [Fact]
    public async Task R3Stream_LeaderKilledMidPublish_EveryMessageStoredOnce()
    {
        await using var cluster = await NatsCluster.StartAsync(3);
        var all = cluster.Nodes.Select(n => n.Url).ToArray();
        await using var admin = await NatsConnection.ConnectAsync(Options(all));
        var adminJs = new NatsJetStream(admin, TimeSpan.FromSeconds(2));
        var config = new NatsStreamConfig("R3", ["r3.>"]) { Replicas = 3, Storage = NatsStorage.File, DuplicateWindow = TimeSpan.FromMinutes(2) };
        await RetryAsync(() => adminJs.CreateStreamAsync(config), "create the R3 stream (the meta leader is elected after the routes are up)");
        var leader = await RetryAsync(() => StreamLeaderAsync(admin, "R3"), "find the stream leader");
        var leaderIndex = Enumerable.Range(0, 3).Single(i => NatsCluster.Name(i) == leader);

        // The publisher sits on a node that survives: the failure under test is the stream's, not the connection's.
        var survivors = Enumerable.Range(0, 3).Where(i => i != leaderIndex).Select(i => cluster.Nodes[i].Url).ToArray();
        await using var connection = await NatsConnection.ConnectAsync(Options(survivors));
        var js = new NatsJetStream(connection, TimeSpan.FromSeconds(1));

        const int Total = 3_000;
        const int Window = 32;
        var acked = 0L;
        var retries = 0L;
        var duplicates = 0L;
        var sequences = new ConcurrentDictionary<long, ulong>();
        var next = -1L;
        var publishers = Enumerable.Range(0, Window).Select(_ => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < Total)
            {
                var deadline = DateTime.UtcNow + Failover;
                while (true)
                {
                    try
                    {
                        // The same Nats-Msg-Id on every try: a publish stored whose ack was lost is not stored twice.
                        var ack = await js.PublishAsync($"r3.{i % 7}", Index(i), messageId: $"event-{i}");
                        if (ack.Duplicate) Interlocked.Increment(ref duplicates);
                        sequences[i] = ack.Sequence;
                        Interlocked.Increment(ref acked);
                        break;
                    }
                    catch (Exception e) when (e is NatsException or TimeoutException && DateTime.UtcNow < deadline)
                    {
                        Interlocked.Increment(ref retries);
                        await Task.Delay(50);
                    }
                }
            }
        })).ToArray();

        await WaitUntilAsync(() => Interlocked.Read(ref acked) >= Total / 3, "a third of the publishes acked");
        await cluster.Nodes[leaderIndex].KillAsync();
        await Task.WhenAll(publishers).WaitAsync(Failover * 2);

        Assert.Equal(Total, sequences.Count);
        Assert.Equal(Total, sequences.Values.Distinct().Count());
        var info = await RetryAsync(() => js.GetStreamInfoAsync("R3"), "read the stream info from the survivors");
        Assert.Equal((ulong)Total, info.Messages);
        Assert.Equal(1UL, info.FirstSequence);
        Assert.Equal((ulong)Total, info.LastSequence);

        // Read the stream back by sequence: 1..Total, each event exactly once.
        await using var consumer = await RetryAsync(() => js.CreateOrderedConsumerAsync("R3", NatsConsumerStart.All), "create a consumer after the failover");
        var seen = new bool[Total];
        for (var seq = 1UL; seq <= Total; seq++)
        {
            var message = await consumer.Messages.ReadAsync().AsTask().WaitAsync(Patience);
            Assert.Equal(seq, message.StreamSequence);
            var i = IndexOf(message.Message.Payload);
            Assert.False(seen[i], $"event {i} stored twice");
            seen[i] = true;
            Assert.Equal(sequences[i], message.StreamSequence);
        }
        Assert.All(seen, Assert.True);
        output.WriteLine($"{Total} events stored once; {Interlocked.Read(ref retries)} retried publishes, {Interlocked.Read(ref duplicates)} acks flagged duplicate");
    }

    /// <summary>The stream's leader's server name, from the raw STREAM.INFO reply (NatsStreamInfo omits cluster state).</summary>
    private static async Task<string> StreamLeaderAsync(NatsConnection connection, string stream)
    {
        var reply = await connection.RequestAsync("$JS.API.STREAM.INFO." + stream, default, TimeSpan.FromSeconds(2));
        using var json = JsonDocument.Parse(reply.Payload);
        return json.RootElement.TryGetProperty("cluster", out var cluster) && cluster.TryGetProperty("leader", out var leader) && leader.GetString() is { Length: > 0 } name
            ? name
            : throw new NatsException("the stream has no leader yet");
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call, string what)
    {
        var deadline = DateTime.UtcNow + Failover;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (e is NatsException or TimeoutException)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"gave up trying to {what}", e);
                await Task.Delay(100);
            }
        }
    }
}
