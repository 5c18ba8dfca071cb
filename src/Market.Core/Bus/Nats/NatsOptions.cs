using System.Net.Security;

namespace Market.Core.Bus.Nats;

/// <summary>
/// How a <see cref="NatsConnection"/> connects, keeps alive, reconnects and buffers. Immutable:
/// derive variants with <c>with</c>; <see cref="Validate"/> runs when connecting.
/// </summary>
public sealed record NatsOptions
{
    /// <summary>The defaults: <c>nats://127.0.0.1:4222</c>, no auth, 2 min pings, reconnect forever.</summary>
    public static NatsOptions Default { get; } = new();

    /// <summary>Servers to try, in order; reconnects move round the list. <c>nats://host:port</c>, <c>tls://host:port</c> or <c>host:port</c>.</summary>
    public IReadOnlyList<string> Servers { get; init; } = ["nats://127.0.0.1:4222"];

    /// <summary>The client name the server shows in monitoring.</summary>
    public string Name { get; init; } = "deepwater";

    /// <summary>A token for servers started with <c>--auth</c>.</summary>
    public string? Token { get; init; }

    /// <summary>The user for servers started with <c>--user</c>/<c>--pass</c>.</summary>
    public string? User { get; init; }

    /// <summary>The password that goes with <see cref="User"/>.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// Upgrade to TLS even when the server does not require it (a <c>tls://</c> URL or
    /// <see cref="TlsCaFile"/> does too); a server that offers no TLS is then refused, never used in plaintext.
    /// </summary>
    public bool TlsRequired { get; init; }

    /// <summary>
    /// A PEM file of CA certificates: the server certificate must chain to one of them (and only
    /// them, not the platform's store) and name the host connected to. Implies <see cref="TlsRequired"/>.
    /// </summary>
    public string? TlsCaFile { get; init; }

    /// <summary>
    /// Checks the server certificate instead of the platform's (or <see cref="TlsCaFile"/>'s)
    /// verdict: it gets the chain and errors found and decides. Null keeps that verdict.
    /// </summary>
    public RemoteCertificateValidationCallback? TlsCertificateValidation { get; init; }

    /// <summary>
    /// When false (the default) servers the cluster announces in INFO <c>connect_urls</c> join the
    /// reconnect list after <see cref="Servers"/>; true keeps the list to <see cref="Servers"/>.
    /// </summary>
    public bool IgnoreDiscoveredServers { get; init; }

    /// <summary>How often the client pings an idle server.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Pings without a pong before the connection is declared stale and replaced.</summary>
    public int MaxPingsOutstanding { get; init; } = 2;

    /// <summary>Limit on the TCP connect plus INFO/CONNECT handshake with one server.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Reconnect attempts before giving up (each tries one server); negative means forever.</summary>
    public int MaxReconnectAttempts { get; init; } = -1;

    /// <summary>The base of the full-jitter backoff between reconnect attempts.</summary>
    public TimeSpan ReconnectWait { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The cap of the backoff between reconnect attempts.</summary>
    public TimeSpan MaxReconnectWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Bytes of publishes held while disconnected; beyond it <see cref="ReconnectBufferPolicy"/> applies.</summary>
    public long ReconnectBufferBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>What a publish does when the reconnect buffer is full.</summary>
    public ReconnectBufferPolicy ReconnectBufferPolicy { get; init; } = ReconnectBufferPolicy.Fail;

    /// <summary>Bytes queued for the socket before publishers wait for it (backpressure while connected).</summary>
    public long WriteBufferBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Messages a subscription may hold beyond its capacity before it is a slow consumer and drops
    /// (see <see cref="NatsBus"/> for how <see cref="OverflowPolicy.Block"/> uses it).
    /// </summary>
    public int SubscriptionPendingLimit { get; init; } = 65_536;

    /// <summary>The prefix of reply subjects; one wildcard subscription under it serves every request.</summary>
    public string InboxPrefix { get; init; } = "_INBOX";

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (Servers is null || Servers.Count == 0) throw new ArgumentException("at least one server URL is required", nameof(Servers));
        foreach (var server in Servers) _ = NatsServerAddress.Parse(server);
        if (PingInterval <= TimeSpan.Zero) throw new ArgumentException($"ping interval must be positive, not {PingInterval}", nameof(PingInterval));
        if (MaxPingsOutstanding < 1) throw new ArgumentException($"max pings outstanding must be at least 1, not {MaxPingsOutstanding}", nameof(MaxPingsOutstanding));
        if (ConnectTimeout <= TimeSpan.Zero) throw new ArgumentException($"connect timeout must be positive, not {ConnectTimeout}", nameof(ConnectTimeout));
        if (ReconnectWait < TimeSpan.Zero || MaxReconnectWait < ReconnectWait) throw new ArgumentException("reconnect waits must satisfy 0 <= ReconnectWait <= MaxReconnectWait", nameof(ReconnectWait));
        if (ReconnectBufferBytes < 0) throw new ArgumentException($"reconnect buffer must be >= 0 bytes, not {ReconnectBufferBytes}", nameof(ReconnectBufferBytes));
        if (WriteBufferBytes < 1024) throw new ArgumentException($"write buffer must be at least 1024 bytes, not {WriteBufferBytes}", nameof(WriteBufferBytes));
        if (SubscriptionPendingLimit < 0) throw new ArgumentException($"subscription pending limit must be >= 0, not {SubscriptionPendingLimit}", nameof(SubscriptionPendingLimit));
        if (!Enum.IsDefined(ReconnectBufferPolicy)) throw new ArgumentException($"unknown reconnect buffer policy {(int)ReconnectBufferPolicy}", nameof(ReconnectBufferPolicy));
        if (User is null != (Password is null)) throw new ArgumentException("user and password go together: set both or neither", nameof(User));
        if (TlsCaFile is not null) _ = Internal.NatsTls.LoadCaFile(TlsCaFile);
        if (!Subjects.IsValidPublish(InboxPrefix)) throw new ArgumentException($"inbox prefix '{InboxPrefix}' is not a valid subject", nameof(InboxPrefix));
    }
}

/// <summary>What a publish does while the client is disconnected and its reconnect buffer is full.</summary>
public enum ReconnectBufferPolicy
{
    /// <summary>Throw <see cref="NatsReconnectBufferFullException"/> (counted); the caller decides.</summary>
    Fail,

    /// <summary>Drop the new message silently (counted): the newest is lost, the buffered ones are kept in order.</summary>
    DropNewest,

    /// <summary>Wait (cancellably) until the client has reconnected and the buffer has drained.</summary>
    Wait,
}
