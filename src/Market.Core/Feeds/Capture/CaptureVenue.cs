namespace Market.Core.Feeds.Capture;

/// <summary>The venue whose parser a capture is replayed through.</summary>
public enum CaptureVenue
{
    /// <summary>Coinbase Advanced Trade WebSocket messages.</summary>
    Coinbase,

    /// <summary>Binance USDⓈ-M futures combined-stream messages, plus REST depth snapshots (<c>http</c> lines).</summary>
    Binance,

    /// <summary>Kalshi WebSocket v2 messages, enveloped or one raw message per line.</summary>
    Kalshi,
}
