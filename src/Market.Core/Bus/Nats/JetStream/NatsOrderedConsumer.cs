using System.Threading.Channels;

namespace Market.Core.Bus.Nats;

/// <summary>
/// Reads a stream in order with no acks (see <see cref="NatsJetStream.CreateOrderedConsumerAsync"/>).
/// A consumer-sequence gap (a lost message) recreates the server-side consumer from the stream
/// sequence after the last one delivered, so readers see every message once and in order.
/// </summary>
public sealed class NatsOrderedConsumer : IAsyncDisposable
{
    private readonly NatsJetStream _jetStream;
    private readonly string _stream;
    private readonly string? _filter;
    private readonly Channel<NatsJsMessage> _channel = Channel.CreateUnbounded<NatsJsMessage>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly object _gate = new();
    private NatsSubscription? _subscription;
    private string? _consumerName;
    private ulong _lastStreamSequence;
    private ulong _expectedConsumerSequence = 1;
    private int _generation;
    private long _resets;
    private int _disposed;

    internal NatsOrderedConsumer(NatsJetStream jetStream, string stream, string? filter)
    {
        _jetStream = jetStream;
        _stream = stream;
        _filter = filter;
    }

    /// <summary>The stream's messages, in stream order.</summary>
    public ChannelReader<NatsJsMessage> Messages => _channel.Reader;

    /// <summary>Times the consumer was recreated after a gap.</summary>
    public long Resets => Interlocked.Read(ref _resets);

    internal async Task StartAsync(NatsConsumerStart start, CancellationToken cancellationToken)
    {
        var connection = _jetStream.Connection;
        var deliver = connection.NewInbox();
        int generation;
        lock (_gate)
        {
            generation = ++_generation;
            _expectedConsumerSequence = 1;
            _subscription?.Unsubscribe();
            _subscription = connection.Subscribe(deliver, null, (in NatsMessage m) => OnMessage(in m, generation));
        }
        _consumerName = await _jetStream.CreateConsumerAsync(_stream, null, json =>
        {
            start.Write(json);
            json.WriteString("ack_policy", "none");
            json.WriteNumber("max_deliver", 1);
            json.WriteString("replay_policy", "instant");
            json.WriteString("deliver_subject", deliver);
            json.WriteBoolean("flow_control", true);
            json.WriteNumber("idle_heartbeat", NatsStreamConfig.Nanos(TimeSpan.FromSeconds(5)));
            json.WriteBoolean("mem_storage", true);
            json.WriteNumber("num_replicas", 1);
            json.WriteNumber("inactive_threshold", NatsStreamConfig.Nanos(TimeSpan.FromMinutes(5)));
            if (_filter is not null) json.WriteString("filter_subject", _filter);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops delivery, deletes the server-side consumer and completes <see cref="Messages"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        lock (_gate) _subscription?.Unsubscribe();
        _channel.Writer.TryComplete();
        if (_consumerName is not null) await _jetStream.DeleteConsumerAsync(_stream, _consumerName).ConfigureAwait(false);
    }

    // On the connection's read loop: must not block.
    private void OnMessage(in NatsMessage message, int generation)
    {
        if (Volatile.Read(ref _disposed) != 0 || generation != Volatile.Read(ref _generation)) return;
        if (message.Status == 100)
        {
            // Flow control asks for an empty reply; a stalled heartbeat names where to send it.
            var reply = message.ReplyTo.IsEmpty ? message.ParseHeaders()?.GetValueOrDefault("Nats-Consumer-Stalled") : System.Text.Encoding.UTF8.GetString(message.ReplyTo);
            if (reply is not null) _ = _jetStream.Connection.PublishAsync(reply, ReadOnlyMemory<byte>.Empty);
            return;
        }
        var js = NatsJsMessage.From(message.ToBusMessage());
        if (js is null) return;
        if (js.ConsumerSequence != _expectedConsumerSequence)
        {
            Interlocked.Increment(ref _resets);
            var from = _lastStreamSequence + 1;
            lock (_gate) _generation++;
            _ = Task.Run(() => StartAsync(NatsConsumerStart.FromSequence(from), CancellationToken.None));
            return;
        }
        _expectedConsumerSequence++;
        _lastStreamSequence = js.StreamSequence;
        _channel.Writer.TryWrite(js);
    }
}
