using System.Collections.Concurrent;
using Market.Core.Bus.Nats.Internal;

namespace Market.Core.Bus.Nats;

/// <summary>
/// <see cref="IBus"/> over a <see cref="NatsConnection"/>. Each subscription is a NATS SUB (with
/// its queue group) feeding its own bounded queue; requests use the connection's shared inbox;
/// <see cref="FlushAsync"/> is a PING/PONG round trip.
/// </summary>
/// <remarks>
/// <para><see cref="OverflowPolicy.Block"/> cannot block a publisher here: the publisher may be in
/// another process and the server does not wait for slow subscribers. Nor may the read loop wait
/// for one full queue, since that would stall every other subscription and the keepalive. So a
/// Block subscription holds <see cref="SubscriptionOptions.Capacity"/> plus
/// <see cref="NatsOptions.SubscriptionPendingLimit"/> messages without loss; past that it is a slow
/// consumer, as in nats.net: the message is dropped, counted in <see cref="IBusSubscription.Dropped"/>
/// and <see cref="NatsConnection.SlowConsumerDrops"/>, and <see cref="NatsConnection.SlowConsumer"/> is raised.</para>
/// <para><see cref="OverflowPolicy.DropOldest"/> and <see cref="OverflowPolicy.KeepLatestPerSubject"/>
/// behave exactly as on <see cref="InProcessBus"/>.</para>
/// </remarks>
public sealed class NatsBus : IBus
{
    private readonly NatsConnection _connection;
    private readonly bool _ownsConnection;
    private readonly ConcurrentDictionary<NatsBusSubscription, byte> _subscriptions = new();
    private int _disposed;

    /// <summary>Wraps an open connection; with <paramref name="ownsConnection"/> disposing the bus disposes it.</summary>
    public NatsBus(NatsConnection connection, bool ownsConnection = false)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _ownsConnection = ownsConnection;
    }

    /// <summary>The connection underneath (statistics, events, JetStream).</summary>
    public NatsConnection Connection => _connection;

    /// <summary>Connects and returns a bus that owns its connection.</summary>
    public static async Task<NatsBus> ConnectAsync(NatsOptions? options = null, CancellationToken cancellationToken = default) =>
        new(await NatsConnection.ConnectAsync(options, cancellationToken).ConfigureAwait(false), ownsConnection: true);

    /// <inheritdoc/>
    /// <remarks>Completes once the message is queued for the socket; see <see cref="NatsConnection.PublishAsync"/>.</remarks>
    public ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> payload, BusHeaders? headers = null, string? replyTo = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        // The connection validates the subjects: once per message is enough on this path.
        return _connection.PublishAsync(subject, payload, headers, replyTo, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>See <see cref="NatsConnection.BeginPublishBatch"/>.</remarks>
    public PublishBatch BeginPublishBatch()
    {
        ThrowIfDisposed();
        return _connection.BeginPublishBatch();
    }

    /// <inheritdoc/>
    public IBusSubscription Subscribe(string subject, SubscriptionOptions? options = null)
    {
        Subjects.ValidatePattern(subject, nameof(subject));
        options ??= SubscriptionOptions.Default;
        options.Validate();
        ThrowIfDisposed();
        var subscription = new NatsBusSubscription(_connection, subject, options, s => _subscriptions.TryRemove(s, out _));
        _subscriptions[subscription] = 0;
        return subscription;
    }

    /// <inheritdoc/>
    public Task<BusMessage> RequestAsync(string subject, ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _connection.RequestAsync(subject, payload, timeout, headers: null, cancellationToken);
    }

    /// <inheritdoc/>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _connection.FlushAsync(cancellationToken);
    }

    /// <summary>Completes every subscription; disposes the connection when the bus owns it (failing pending requests).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var subscription in _subscriptions.Keys) subscription.Close();
        _subscriptions.Clear();
        if (_ownsConnection) await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
