namespace Market.Core.Feeds.Binance;

/// <summary>
/// Fetches depth snapshots under a sliding one-minute budget, so resyncs after gaps or reconnects
/// cannot spend the IP's request weight and get it banned: USDⓈ-M futures
/// <c>GET {rest}/fapi/v1/depth?symbol=X&amp;limit=1000</c> (weight 20 of 2,400 a minute), spot
/// <c>GET {rest}/api/v3/depth?symbol=X&amp;limit=5000</c> (weight 250 of 6,000).
/// </summary>
public sealed class BinanceDepthSnapshotClient
{
    /// <summary>Snapshot requests allowed per minute unless told otherwise (futures 10 × 20 = 200 of 2,400 weight; spot 10 × 250 = 2,500 of 6,000).</summary>
    public const int DefaultSnapshotsPerMinute = 10;

    /// <summary>Levels asked for on futures; the documented maximum.</summary>
    public const int FuturesLimit = 1000;

    /// <summary>Levels asked for on spot; the documented maximum, as the sync procedure asks.</summary>
    public const int SpotLimit = 5000;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly Queue<DateTimeOffset> _recent = new();
    private readonly Lock _gate = new();
    private long _requests;

    /// <summary>Creates a client for the REST base <paramref name="restBase"/> (<c>https://fapi.binance.com</c>, spot <c>https://api.binance.com</c>, in production).</summary>
    /// <param name="http">The client to send with; the caller owns it.</param>
    /// <param name="restBase">The REST address; its path, if any, is kept.</param>
    /// <param name="snapshotsPerMinute">The budget: at most this many requests in any minute.</param>
    /// <param name="time">The clock the budget is measured on.</param>
    /// <param name="market">Whose depth endpoint to ask; futures unless told otherwise.</param>
    public BinanceDepthSnapshotClient(HttpClient http, Uri restBase, int snapshotsPerMinute = DefaultSnapshotsPerMinute, TimeProvider? time = null, BinanceMarket market = BinanceMarket.UsdmFutures)
    {
        if (!Enum.IsDefined(market)) throw new ArgumentOutOfRangeException(nameof(market), market, "unknown Binance market");
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(restBase);
        ArgumentOutOfRangeException.ThrowIfLessThan(snapshotsPerMinute, 1);
        _http = http;
        RestBase = restBase;
        SnapshotsPerMinute = snapshotsPerMinute;
        _time = time ?? TimeProvider.System;
        Market = market;
    }

    /// <summary>The market whose snapshots this client fetches; a connector's parser follows it.</summary>
    public BinanceMarket Market { get; }

    /// <summary>Levels asked for: <see cref="FuturesLimit"/> or <see cref="SpotLimit"/>.</summary>
    public int Limit => Market == BinanceMarket.Spot ? SpotLimit : FuturesLimit;

    /// <summary>The depth path under the REST base: <c>/fapi/v1/depth</c> or <c>/api/v3/depth</c>.</summary>
    public string DepthPath => Market == BinanceMarket.Spot ? "/api/v3/depth" : "/fapi/v1/depth";

    /// <summary>The REST address.</summary>
    public Uri RestBase { get; }

    /// <summary>The per-minute budget.</summary>
    public int SnapshotsPerMinute { get; }

    /// <summary>Requests sent since this client was made.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>The clock the budget is measured on.</summary>
    public TimeProvider Time => _time;

    /// <summary>Takes one request from the budget; false (and nothing taken) when the last minute has used it all.</summary>
    /// <returns>Whether a request may be sent now.</returns>
    public bool TryAcquire()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            while (_recent.Count > 0 && now - _recent.Peek() >= Window) _recent.Dequeue();
            if (_recent.Count >= SnapshotsPerMinute) return false;
            _recent.Enqueue(now);
            return true;
        }
    }

    /// <summary>Fetches one symbol's snapshot body; call <see cref="TryAcquire"/> first.</summary>
    /// <param name="symbol">The symbol as Binance spells it, e.g. <c>BTCUSDT</c>.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <returns>The response body (UTF-8 JSON).</returns>
    /// <exception cref="HttpRequestException">The request failed or the status was not a success.</exception>
    public async Task<byte[]> GetDepthAsync(string symbol, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        Interlocked.Increment(ref _requests);
        var address = new Uri(RestBase, $"{RestBase.AbsolutePath.TrimEnd('/')}{DepthPath}?symbol={Uri.EscapeDataString(symbol)}&limit={Limit}");
        using var response = await _http.GetAsync(address, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }
}
