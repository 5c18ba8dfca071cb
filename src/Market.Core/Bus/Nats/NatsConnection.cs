using System.Collections.Concurrent;
using System.IO.Pipelines;

namespace Market.Core.Bus.Nats;

/// <summary>
/// A client connection to nats-server speaking the text protocol: publishes are written into one
/// outbound <see cref="Pipe"/> that the writer thread drains to the socket (many publishers, one
/// socket write per batch), or that a publisher closing a <see cref="BeginPublishBatch"/> run
/// writes itself; each socket's own thread reads with blocking calls and parses <c>MSG</c>/<c>HMSG</c>.
/// Reconnects across <see cref="NatsOptions.Servers"/> on its own, resubscribing on the way.
/// Thread-safe. Split by concern: Connect, Write, Batch, Publish, Subscribe, Request, Read, Reconnect.
/// </summary>
public sealed partial class NatsConnection : IAsyncDisposable
{
    private readonly NatsOptions _options;
    private readonly CancellationTokenSource _disposing = new();
    private readonly ConcurrentDictionary<long, NatsSubscription> _subscriptions = new();
    private readonly Random _random = new();
    private NatsServerInfo _info = new();
    private Task _supervisor = Task.CompletedTask;
    private Task _writer = Task.CompletedTask;
    private long _nextSid;
    private int _disposed;
    private long _reconnects;
    private long _slowConsumerDrops;
    private long _inMessages;
    private long _outMessages;

    private NatsConnection(NatsOptions options)
    {
        _options = options;
        _configured = [.. options.Servers.Select(NatsServerAddress.Parse)];
        _servers = _configured;
        _current = _configured[0];
        _tls = new Internal.NatsTls(options);
        _inboxPrefix = $"{options.InboxPrefix}.{Internal.Nuid.Next()}.";
    }

    /// <summary>Raised (on a pool thread) when the connection to a server is lost; reconnecting follows.</summary>
    public event EventHandler<NatsConnectionEventArgs>? Disconnected;

    /// <summary>Raised when the client is connected again, with subscriptions restored.</summary>
    public event EventHandler<NatsConnectionEventArgs>? Reconnected;

    /// <summary>Raised when the server announced lame-duck mode; the client moves to another server.</summary>
    public event EventHandler<NatsConnectionEventArgs>? LameDuckMode;

    /// <summary>Raised for a non-fatal <c>-ERR</c> (e.g. a permissions violation on a subject).</summary>
    public event EventHandler<NatsConnectionEventArgs>? ServerError;

    /// <summary>Raised when a subscription drops a message because its pending limit is reached.</summary>
    public event EventHandler<NatsSlowConsumerEventArgs>? SlowConsumer;

    /// <summary>The options this connection was made with.</summary>
    public NatsOptions Options => _options;

    /// <summary>The latest INFO of the server connected to.</summary>
    public NatsServerInfo ServerInfo => Volatile.Read(ref _info);

    /// <summary>Where the connection is in its life.</summary>
    public NatsConnectionState State => (NatsConnectionState)Volatile.Read(ref _state);

    /// <summary>Successful reconnects so far.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Messages subscriptions dropped as slow consumers.</summary>
    public long SlowConsumerDrops => Interlocked.Read(ref _slowConsumerDrops);

    /// <summary>Publishes refused or dropped because the reconnect buffer was full.</summary>
    public long ReconnectBufferRejections => Interlocked.Read(ref _reconnectBufferRejections);

    /// <summary>Messages received.</summary>
    public long InMessages => Interlocked.Read(ref _inMessages);

    /// <summary>Messages published.</summary>
    public long OutMessages => Interlocked.Read(ref _outMessages);

    /// <summary>Bytes queued for the socket and not yet written.</summary>
    public long PendingBytes => Interlocked.Read(ref _committed) - Interlocked.Read(ref _sent);

    /// <summary>Connects to the first server of <paramref name="options"/> that answers, trying each once.</summary>
    /// <exception cref="NatsException">No server accepted the connection; the message names each failure.</exception>
    public static async Task<NatsConnection> ConnectAsync(NatsOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= NatsOptions.Default;
        options.Validate();
        var connection = new NatsConnection(options);
        try
        {
            await connection.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return connection;
    }

    /// <summary>Closes the socket, completes every subscription and fails pending requests and flushes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Volatile.Write(ref _state, (int)NatsConnectionState.Closed);
        await _disposing.CancelAsync().ConfigureAwait(false);
        _transport?.Close();
        _connected.TrySetException(new ObjectDisposedException(nameof(NatsConnection)));
        lock (_writeLock) _outbound.Writer.Complete();
        try { await Task.WhenAll(_supervisor, _writer).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
        FailPongWaiters(new ObjectDisposedException(nameof(NatsConnection)), failAll: true);
        FailRequests(new ObjectDisposedException(nameof(NatsConnection)));
        foreach (var subscription in _subscriptions.Values) subscription.Complete(null);
        _subscriptions.Clear();
        lock (_writeLock) Interlocked.Exchange(ref _roomWaiter, null)?.TrySetException(new ObjectDisposedException(nameof(NatsConnection)));
        _disposing.Dispose();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    internal void ReportSlowConsumer(NatsSubscription subscription, long dropped)
    {
        Interlocked.Increment(ref _slowConsumerDrops);
        SlowConsumer?.Invoke(this, new NatsSlowConsumerEventArgs(subscription.Subject, subscription.Sid, dropped));
    }
}

/// <summary>Where a <see cref="NatsConnection"/> is in its life.</summary>
public enum NatsConnectionState
{
    /// <summary>Handshaking with the first server.</summary>
    Connecting,

    /// <summary>Connected; publishes flow to the socket.</summary>
    Connected,

    /// <summary>Lost the server; publishes go to the reconnect buffer.</summary>
    Reconnecting,

    /// <summary>Disposed, or out of reconnect attempts.</summary>
    Closed,
}

/// <summary>A connection event: which server and why.</summary>
/// <param name="Server">The server concerned.</param>
/// <param name="Reason">What happened, in words.</param>
public sealed record NatsConnectionEventArgs(NatsServerAddress Server, string Reason);

/// <summary>A subscription dropped a message: its queue and pending allowance were full.</summary>
/// <param name="Subject">The subscription's subject.</param>
/// <param name="Sid">The subscription id on the wire.</param>
/// <param name="Dropped">Messages this subscription has dropped so far.</param>
public sealed record NatsSlowConsumerEventArgs(string Subject, long Sid, long Dropped);
