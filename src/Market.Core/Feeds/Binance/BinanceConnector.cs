using Market.Core.Feeds.Config;
using Market.Core.Feeds.Connectors;

namespace Market.Core.Feeds.Binance;

/// <summary>
/// The Binance half of a feed, spot or USDⓈ-M futures: on the combined stream it sends one
/// <c>SUBSCRIBE</c> per symbol, parses with a <see cref="BinanceParser"/> reset on every connection, fetches a
/// REST depth snapshot for every symbol that needs one (after connecting and after a gap, within the
/// <see cref="BinanceDepthSnapshotClient"/>'s budget), and dead-letters what it cannot parse.
/// </summary>
/// <remarks>
/// Snapshots are fetched inline, between messages: the parser is single-threaded and buffers the
/// depth events that arrive meanwhile, so nothing is lost while a request is out. The market is the
/// snapshot client's (<see cref="BinanceDepthSnapshotClient.Market"/>), so the stream's sync rules
/// and the REST endpoint cannot disagree.
/// </remarks>
public sealed partial class BinanceConnector : IFeedConnector
{
    /// <summary>The aggregate-trade channel.</summary>
    public const string AggTradeChannel = "aggTrade";

    /// <summary>The raw-trade channel (one event per trade id).</summary>
    public const string TradeChannel = "trade";

    /// <summary>The diff-depth channel (subscribed at 100 ms); the only one that needs snapshots.</summary>
    public const string DepthChannel = "depth";

    /// <summary>The best bid/offer channel.</summary>
    public const string BookTickerChannel = "bookTicker";

    private readonly BinanceParser _parser;
    private readonly IMarketEventSink _sink;
    private readonly DeadLetterStore _deadLetters;
    private readonly BinanceDepthSnapshotClient _snapshots;
    private int _requestId;

    /// <summary>Creates a connector for <paramref name="symbols"/> on <paramref name="channels"/>.</summary>
    /// <param name="feed">The feed's name.</param>
    /// <param name="endpoint">The combined-stream address (<c>wss://fstream.binance.com/stream</c>, spot <c>wss://stream.binance.com:9443/stream</c>, in production).</param>
    /// <param name="channels"><see cref="TradeChannel"/>, <see cref="AggTradeChannel"/>, <see cref="DepthChannel"/>, <see cref="BookTickerChannel"/>.</param>
    /// <param name="symbols">Binance symbols, e.g. <c>BTCUSDT</c> (any case).</param>
    /// <param name="snapshots">Where depth snapshots come from; its <see cref="BinanceDepthSnapshotClient.Market"/> is the connector's.</param>
    /// <param name="sink">Where events go.</param>
    /// <param name="deadLetters">Where rejected and oversized messages go.</param>
    /// <param name="metrics">The feed's counters, or null for new ones.</param>
    public BinanceConnector(string feed, Uri endpoint, IReadOnlyList<string> channels, IReadOnlyList<string> symbols, BinanceDepthSnapshotClient snapshots, IMarketEventSink sink, DeadLetterStore deadLetters, FeedMetrics? metrics = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(feed);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(deadLetters);
        if (symbols.Count == 0) throw new ArgumentException("at least one symbol is needed", nameof(symbols));
        var unknown = channels.FirstOrDefault(c => c is not (TradeChannel or AggTradeChannel or DepthChannel or BookTickerChannel));
        if (unknown is not null) throw new ArgumentException($"channel '{unknown}' is not one of {TradeChannel}, {AggTradeChannel}, {DepthChannel}, {BookTickerChannel}", nameof(channels));
        Feed = feed;
        Endpoint = endpoint;
        Channels = [.. channels.Distinct(StringComparer.Ordinal)];
        Symbols = [.. symbols.Select(s => s.ToUpperInvariant()).Distinct(StringComparer.Ordinal)];
        Metrics = metrics ?? new FeedMetrics();
        _snapshots = snapshots;
        _parser = new BinanceParser(snapshots.Market);
        _sink = new MetricsSink(sink, Metrics);
        _deadLetters = deadLetters;
    }

    /// <summary>
    /// Creates a connector from a <c>binance</c> feed definition: its <c>websocket</c> and <c>rest</c>
    /// endpoints, channels and symbols, with the default snapshot budget; its <c>venue</c> picks the
    /// market (<c>binance-spot</c>, else USDⓈ-M futures).
    /// </summary>
    /// <param name="definition">The feed.</param>
    /// <param name="sink">Where events go.</param>
    /// <param name="deadLetters">Where rejected messages go.</param>
    /// <param name="http">The HTTP client for snapshots (the caller owns it), or null for a shared one.</param>
    /// <param name="metrics">The feed's counters, or null for new ones.</param>
    /// <returns>The connector.</returns>
    public static BinanceConnector FromDefinition(FeedDefinition definition, IMarketEventSink sink, DeadLetterStore deadLetters, HttpClient? http = null, FeedMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Kind != "binance") throw new ArgumentException($"feed '{definition.Name}' is of kind '{definition.Kind}', not binance", nameof(definition));
        if (!definition.Endpoints.TryGetValue("websocket", out var websocket)) throw new ArgumentException($"feed '{definition.Name}' has no websocket endpoint", nameof(definition));
        if (!definition.Endpoints.TryGetValue("rest", out var rest)) throw new ArgumentException($"feed '{definition.Name}' has no rest endpoint (depth snapshots need it)", nameof(definition));
        if (!BinanceVenues.TryParse(definition.Venue, out var market)) throw new ArgumentException($"feed '{definition.Name}' has venue '{definition.Venue}', not one of {string.Join(", ", BinanceVenues.All)}", nameof(definition));
        var snapshots = new BinanceDepthSnapshotClient(http ?? SharedHttp.Value, new Uri(rest), market: market);
        return new BinanceConnector(definition.Name, new Uri(websocket), definition.Channels, definition.Symbols, snapshots, sink, deadLetters, metrics);
    }

    /// <summary>One client for every connector not given one: HttpClient is meant to be shared.</summary>
    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient { Timeout = TimeSpan.FromSeconds(30) });

    /// <inheritdoc/>
    public string Feed { get; }

    /// <inheritdoc/>
    public Uri Endpoint { get; }

    /// <summary>The channels subscribed for every symbol, in order.</summary>
    public IReadOnlyList<string> Channels { get; }

    /// <summary>The symbols subscribed, upper case as Binance's REST API and events spell them.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <inheritdoc/>
    public FeedMetrics Metrics { get; }

    /// <summary>The market the connector records (its snapshot client's).</summary>
    public BinanceMarket Market => _snapshots.Market;

    /// <summary>The snapshot client (its <see cref="BinanceDepthSnapshotClient.Requests"/> counts fetches).</summary>
    public BinanceDepthSnapshotClient Snapshots => _snapshots;

    /// <inheritdoc/>
    public async ValueTask OnConnectedAsync(IFeedTransport transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        // A new connection means a new depth stream: every book needs a new snapshot.
        _parser.Reset();
        ResolveInstruments();
        _pending.Clear();
        foreach (var symbol in Symbols) await transport.SendTextAsync(Subscribe(symbol), cancellationToken).ConfigureAwait(false);
        if (Channels.Contains(DepthChannel)) _pending.UnionWith(Symbols);
        await FetchPendingAsync(cancellationToken).ConfigureAwait(false);
        PublishStates();
    }

    /// <inheritdoc/>
    public async ValueTask OnMessageAsync(ReadOnlyMemory<byte> message, long tsRecv, IFeedTransport transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var outcome = _parser.Parse(message.Span, tsRecv, _sink, out var reason);
        if (outcome == ParseOutcome.Control) return;
        if (outcome == ParseOutcome.Rejected)
        {
            Metrics.RecordParseReject();
            _deadLetters.Add(message.Span, ReasonPrefix(reason), reason, tsRecv);
        }
        else if (outcome == ParseOutcome.Gap)
        {
            Metrics.RecordGap();
            QueueBrokenBooks();
        }
        if (_pending.Count > 0) await FetchPendingAsync(cancellationToken).ConfigureAwait(false);
        PublishStates();
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
