namespace Market.Core.Feeds.Kalshi;

/// <summary>The three headers of a signed Kalshi request. <see cref="ToString"/> shows the timestamp only.</summary>
/// <param name="KeyId">The value of <see cref="KalshiSigner.KeyHeader"/>.</param>
/// <param name="TimestampMs">The value of <see cref="KalshiSigner.TimestampHeader"/>: Unix milliseconds.</param>
/// <param name="Signature">The value of <see cref="KalshiSigner.SignatureHeader"/>: base64.</param>
public readonly record struct KalshiAuthHeaders(string KeyId, string TimestampMs, string Signature)
{
    /// <summary>The headers as name/value pairs, ready for an HTTP request or a WebSocket handshake.</summary>
    /// <returns>Key, timestamp and signature headers.</returns>
    public KeyValuePair<string, string>[] ToArray() =>
    [
        new(KalshiSigner.KeyHeader, KeyId),
        new(KalshiSigner.TimestampHeader, TimestampMs),
        new(KalshiSigner.SignatureHeader, Signature),
    ];

    /// <summary>Names the timestamp; the key id stays out of logs.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"Kalshi auth headers at {TimestampMs}";
}
