using Market.Core.Feeds.Config;
using Market.Core.Feeds.Connectors;

namespace Market.Core.Feeds.Coinbase;

/// <summary>
/// The Coinbase Advanced Trade half of a feed: subscribes one channel per message (plus
/// <c>heartbeats</c>, which proves liveness between trades), parses with a <see cref="CoinbaseParser"/>
/// reset on every connection, dead-letters what it cannot parse, and answers a sequence gap by
/// resubscribing <c>level2</c>, which makes Coinbase send a fresh snapshot.
/// </summary>
public sealed partial class CoinbaseConnector : IFeedConnector
{
    /// <summary>The channel Coinbase sends heartbeats on; always subscribed.</summary>
    public const string HeartbeatsChannel = "heartbeats";

    /// <summary>The book channel, resubscribed after a gap.</summary>
    public const string Level2Channel = "level2";

    private readonly CoinbaseParser _parser = new();
    private readonly IMarketEventSink _sink;
    private readonly DeadLetterStore _deadLetters;

    /// <summary>Creates a connector for <paramref name="productIds"/> on <paramref name="channels"/>.</summary>
    /// <param name="feed">The feed's name.</param>
    /// <param name="endpoint">The WebSocket address (<c>wss://advanced-trade-ws.coinbase.com</c> in production).</param>
    /// <param name="channels">Coinbase channels (<c>level2</c>, <c>market_trades</c>, <c>ticker</c>, …); <c>heartbeats</c> is added if missing.</param>
    /// <param name="productIds">Coinbase product ids, e.g. <c>BTC-USD</c>.</param>
    /// <param name="sink">Where events go.</param>
    /// <param name="deadLetters">Where rejected and oversized messages go.</param>
    /// <param name="metrics">The feed's counters, or null for new ones.</param>
    public CoinbaseConnector(string feed, Uri endpoint, IReadOnlyList<string> channels, IReadOnlyList<string> productIds, IMarketEventSink sink, DeadLetterStore deadLetters, FeedMetrics? metrics = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(feed);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(productIds);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(deadLetters);
        if (productIds.Count == 0) throw new ArgumentException("at least one product id is needed", nameof(productIds));
        Feed = feed;
        Endpoint = endpoint;
        Channels = [.. channels.Distinct(StringComparer.Ordinal), .. channels.Contains(HeartbeatsChannel) ? Array.Empty<string>() : [HeartbeatsChannel]];
        ProductIds = productIds;
        Metrics = metrics ?? new FeedMetrics();
        _sink = new MetricsSink(sink, Metrics);
        _deadLetters = deadLetters;
    }

    /// <summary>Creates a connector from a <c>coinbase</c> feed definition (its <c>websocket</c> endpoint, channels and symbols).</summary>
    public static CoinbaseConnector FromDefinition(FeedDefinition definition, IMarketEventSink sink, DeadLetterStore deadLetters, FeedMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Kind != "coinbase") throw new ArgumentException($"feed '{definition.Name}' is of kind '{definition.Kind}', not coinbase", nameof(definition));
        if (!definition.Endpoints.TryGetValue("websocket", out var address)) throw new ArgumentException($"feed '{definition.Name}' has no websocket endpoint", nameof(definition));
        return new CoinbaseConnector(definition.Name, new Uri(address), definition.Channels, definition.Symbols, sink, deadLetters, metrics);
    }

    /// <inheritdoc/>
    public string Feed { get; }

    /// <inheritdoc/>
    public Uri Endpoint { get; }

    /// <summary>The channels subscribed on every connection, in order.</summary>
    public IReadOnlyList<string> Channels { get; }

    /// <summary>The products subscribed.</summary>
    public IReadOnlyList<string> ProductIds { get; }

    /// <inheritdoc/>
    public FeedMetrics Metrics { get; }

    /// <inheritdoc/>
    public async ValueTask OnConnectedAsync(IFeedTransport transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        // A new connection starts a new sequence and sends new snapshots; the old books mean nothing.
        _parser.Reset();
        foreach (var channel in Channels) await transport.SendTextAsync(Request("subscribe", channel), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask OnMessageAsync(ReadOnlyMemory<byte> message, long tsRecv, IFeedTransport transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var outcome = _parser.Parse(message.Span, tsRecv, _sink, out var reason);
        if (outcome == ParseOutcome.Rejected)
        {
            Metrics.RecordParseReject();
            _deadLetters.Add(message.Span, ReasonPrefix(reason), reason, tsRecv);
        }
        else if (outcome == ParseOutcome.Gap)
        {
            Metrics.RecordGap();
            await ResyncAsync(transport, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void OnOversized(ReadOnlySpan<byte> prefix, long length, long tsRecv)
    {
        Metrics.RecordDeadLetter();
        _deadLetters.Add(prefix, "oversized", $"message of {length} bytes is over the limit; its first {prefix.Length} bytes are kept", tsRecv);
    }

    /// <summary>The parser reports <c>reason-kind: detail</c>; the dead-letter reason is the kind alone, so counts group.</summary>
    private static string ReasonPrefix(string reason)
    {
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? reason[..colon] : reason.Length > 0 ? reason : "rejected";
    }
}
