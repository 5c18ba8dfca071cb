using Market.Core.Feeds.Connectors;

namespace Market.Core.Feeds.Kalshi;

/// <summary>
/// The Kalshi WebSocket v2 half of a feed: signs the handshake with a <see cref="KalshiSigner"/>
/// (fresh per connection, see <see cref="NewTransport"/>), subscribes every channel for every market
/// in one command, parses with a <see cref="KalshiParser"/> reset on every connection, dead-letters
/// what it cannot parse, and answers a sequence gap on the order book subscription by dropping it
/// and subscribing <c>orderbook_delta</c> again, which makes Kalshi send fresh snapshots.
/// </summary>
/// <remarks>
/// Kalshi names each subscription by a <c>sid</c> it returns in a <c>subscribed</c> reply; the
/// connector notes the order book's so it can unsubscribe it. A gap on another subscription
/// (trades) is counted but cannot be repaired: Kalshi does not replay trades.
/// </remarks>
public sealed partial class KalshiConnector : IFeedConnector, IDisposable
{
    /// <summary>The book channel (snapshots and deltas); resubscribed after a gap.</summary>
    public const string OrderbookChannel = "orderbook_delta";

    /// <summary>The public trade channel.</summary>
    public const string TradeChannel = "trade";

    /// <summary>The best bid/ask channel.</summary>
    public const string TickerChannel = "ticker";

    /// <summary>The method Kalshi expects signed for the WebSocket handshake.</summary>
    public const string HandshakeMethod = "GET";

    private readonly KalshiParser _parser = new();
    private readonly IMarketEventSink _sink;
    private readonly DeadLetterStore _deadLetters;
    private readonly KalshiSigner? _signer;

    /// <summary>Creates a connector for <paramref name="marketTickers"/> on <paramref name="channels"/>.</summary>
    /// <param name="feed">The feed's name.</param>
    /// <param name="endpoint">The WebSocket address (<c>wss://api.elections.kalshi.com/trade-api/ws/v2</c> in production).</param>
    /// <param name="channels"><see cref="OrderbookChannel"/>, <see cref="TradeChannel"/>, <see cref="TickerChannel"/>.</param>
    /// <param name="marketTickers">Kalshi market tickers, e.g. <c>KXBTCD-25NOV21-T100000</c>.</param>
    /// <param name="sink">Where events go.</param>
    /// <param name="deadLetters">Where rejected and oversized messages go.</param>
    /// <param name="signer">Signs each handshake; the connector owns and disposes it. Null connects unsigned (test servers only: Kalshi requires a signature).</param>
    /// <param name="metrics">The feed's counters, or null for new ones.</param>
    public KalshiConnector(string feed, Uri endpoint, IReadOnlyList<string> channels, IReadOnlyList<string> marketTickers, IMarketEventSink sink, DeadLetterStore deadLetters, KalshiSigner? signer = null, FeedMetrics? metrics = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(feed);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(marketTickers);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(deadLetters);
        if (channels.Count == 0) throw new ArgumentException("at least one channel is needed", nameof(channels));
        if (marketTickers.Count == 0) throw new ArgumentException("at least one market ticker is needed", nameof(marketTickers));
        var unknown = channels.FirstOrDefault(c => c is not (OrderbookChannel or TradeChannel or TickerChannel));
        if (unknown is not null) throw new ArgumentException($"channel '{unknown}' is not one of {OrderbookChannel}, {TradeChannel}, {TickerChannel}", nameof(channels));
        Feed = feed;
        Endpoint = endpoint;
        Channels = [.. channels.Distinct(StringComparer.Ordinal)];
        MarketTickers = [.. marketTickers.Distinct(StringComparer.Ordinal)];
        Metrics = metrics ?? new FeedMetrics();
        _sink = new MetricsSink(sink, Metrics);
        _deadLetters = deadLetters;
        _signer = signer;
    }

    /// <inheritdoc/>
    public string Feed { get; }

    /// <inheritdoc/>
    public Uri Endpoint { get; }

    /// <summary>The channels subscribed on every connection, in order.</summary>
    public IReadOnlyList<string> Channels { get; }

    /// <summary>The markets subscribed.</summary>
    public IReadOnlyList<string> MarketTickers { get; }

    /// <inheritdoc/>
    public FeedMetrics Metrics { get; }

    /// <summary>True when handshakes are signed (always, for a connector made by <see cref="FromDefinition"/>).</summary>
    public bool Signs => _signer is not null;

    /// <summary>
    /// A transport for one connection whose handshake carries Kalshi's three auth headers, signed over
    /// <c>GET</c> and the endpoint's path when it connects; pass <c>() =&gt; connector.NewTransport()</c>
    /// to the <see cref="FeedRunner"/>.
    /// </summary>
    /// <param name="maxMessageBytes">The largest message accepted whole.</param>
    /// <param name="keepAliveInterval">How often the socket pings Kalshi.</param>
    /// <param name="keepAliveTimeout">How long to wait for a pong before aborting.</param>
    /// <returns>An unconnected transport.</returns>
    public IFeedTransport NewTransport(int maxMessageBytes = 16 * 1024 * 1024, TimeSpan? keepAliveInterval = null, TimeSpan? keepAliveTimeout = null)
    {
        var signer = _signer;
        return new WebSocketTransport(maxMessageBytes, keepAliveInterval, keepAliveTimeout,
            signer is null ? null : endpoint => signer.Sign(HandshakeMethod, endpoint.AbsolutePath).ToArray());
    }

    /// <inheritdoc/>
    public async ValueTask OnConnectedAsync(IFeedTransport transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        // A new connection starts new subscriptions, sequences and snapshots; the old books mean nothing.
        _parser.Reset();
        _commandId = 0;
        _orderbookSid = NoSid;
        await transport.SendTextAsync(Subscribe(Channels), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask OnMessageAsync(ReadOnlyMemory<byte> message, long tsRecv, IFeedTransport transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var outcome = _parser.Parse(message.Span, tsRecv, _sink, out var reason);
        if (outcome == ParseOutcome.Control)
        {
            NoteSubscription(message.Span);
        }
        else if (outcome == ParseOutcome.Rejected)
        {
            Metrics.RecordParseReject();
            _deadLetters.Add(message.Span, ReasonPrefix(reason), reason, tsRecv);
        }
        else if (outcome == ParseOutcome.Gap)
        {
            Metrics.RecordGap();
            if (IsOrderbookSubscription(message.Span)) await ResyncAsync(transport, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void OnOversized(ReadOnlySpan<byte> prefix, long length, long tsRecv)
    {
        Metrics.RecordDeadLetter();
        _deadLetters.Add(prefix, "oversized", $"message of {length} bytes is over the limit; its first {prefix.Length} bytes are kept", tsRecv);
    }

    /// <summary>Disposes the signer and with it the private key.</summary>
    public void Dispose() => _signer?.Dispose();

    /// <summary>The parser reports <c>reason-kind: detail</c>; the dead-letter reason is the kind alone, so counts group.</summary>
    private static string ReasonPrefix(string reason)
    {
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? reason[..colon] : reason.Length > 0 ? reason : "rejected";
    }
}
