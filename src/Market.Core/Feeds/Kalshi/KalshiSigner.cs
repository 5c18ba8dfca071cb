using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Market.Core.Feeds.Kalshi;

/// <summary>
/// Signs Kalshi API requests (REST, and the WebSocket handshake as <c>GET /trade-api/ws/v2</c>):
/// base64 RSA-PSS with SHA-256 and a salt as long as the digest, over the millisecond timestamp,
/// the method and the path without its query.
/// </summary>
/// <remarks>
/// Configuration names where the secrets are (an environment variable, a PEM file), never the
/// secrets themselves. The private key is read once, kept inside an <see cref="RSA"/> object, and
/// never appears in <see cref="ToString"/> or in an error message.
/// </remarks>
public sealed class KalshiSigner : IDisposable
{
    /// <summary>The header carrying the API key id.</summary>
    public const string KeyHeader = "KALSHI-ACCESS-KEY";

    /// <summary>The header carrying the Unix time in milliseconds.</summary>
    public const string TimestampHeader = "KALSHI-ACCESS-TIMESTAMP";

    /// <summary>The header carrying the base64 signature.</summary>
    public const string SignatureHeader = "KALSHI-ACCESS-SIGNATURE";

    private readonly RSA _key;
    private readonly string _keyId;
    private readonly string _description;
    private readonly TimeProvider _time;

    private KalshiSigner(string keyId, RSA key, string description, TimeProvider time)
    {
        _keyId = keyId;
        _key = key;
        _description = description;
        _time = time;
    }

    /// <summary>Loads the key id and the private key as <paramref name="reference"/> says.</summary>
    /// <param name="reference">Where the key id and the private key are.</param>
    /// <param name="time">The clock for timestamps; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>A signer holding the key.</returns>
    /// <exception cref="InvalidOperationException">A variable is unset, the file is missing or the PEM holds no RSA private key; the message names which, never its contents.</exception>
    public static KalshiSigner Create(KalshiKeyReference reference, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        reference.Validate();
        var keyId = Environment.GetEnvironmentVariable(reference.KeyIdVariable);
        if (string.IsNullOrWhiteSpace(keyId))
        {
            throw new InvalidOperationException($"Kalshi key id: environment variable '{reference.KeyIdVariable}' is not set; set it to the API key id.");
        }
        string pem, source;
        if (reference.PrivateKeyFile is { } path)
        {
            source = $"file '{path}'";
            if (!File.Exists(path)) throw new InvalidOperationException($"Kalshi private key: {source} does not exist; point PrivateKeyFile at the PEM downloaded with the key.");
            pem = File.ReadAllText(path);
        }
        else
        {
            source = $"environment variable '{reference.PrivateKeyVariable}'";
            pem = Environment.GetEnvironmentVariable(reference.PrivateKeyVariable!) ?? "";
            if (pem.Length == 0) throw new InvalidOperationException($"Kalshi private key: {source} is not set; set it to the PEM text of the private key.");
        }
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            // Importing a public key succeeds too; signing needs the private half.
            rsa.ExportParameters(includePrivateParameters: true);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            // No inner exception and no text from the PEM: nothing of the key may reach a log.
            throw new InvalidOperationException($"Kalshi private key: {source} does not hold a PEM RSA private key.");
        }
        return new KalshiSigner(keyId, rsa, $"KalshiSigner(key id from ${reference.KeyIdVariable}, private key from {source})", time ?? TimeProvider.System);
    }

    /// <summary>Signs a request at the current time.</summary>
    /// <param name="method">The HTTP method, such as <c>GET</c>.</param>
    /// <param name="path">The request path, such as <c>/trade-api/v2/portfolio/orders?limit=5</c>; any query is not signed.</param>
    /// <returns>The three headers to send.</returns>
    public KalshiAuthHeaders Sign(string method, string path) => Sign(method, path, _time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>Signs a request at a given time.</summary>
    /// <param name="method">The HTTP method, such as <c>GET</c>.</param>
    /// <param name="path">The request path; any query or fragment is not signed.</param>
    /// <param name="timestampMs">Unix time in milliseconds.</param>
    /// <returns>The three headers to send.</returns>
    public KalshiAuthHeaders Sign(string method, string path, long timestampMs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var timestamp = timestampMs.ToString(CultureInfo.InvariantCulture);
        var message = Encoding.UTF8.GetBytes(SignedText(timestamp, method, path));
        var signature = _key.SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        return new KalshiAuthHeaders(_keyId, timestamp, Convert.ToBase64String(signature));
    }

    /// <summary>The text Kalshi signs: timestamp, upper-case method, path up to any <c>?</c> or <c>#</c>.</summary>
    /// <param name="timestampMs">Unix time in milliseconds, as sent in <see cref="TimestampHeader"/>.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The request path, with or without a query.</param>
    /// <returns>For example <c>1703123456789GET/trade-api/v2/portfolio/orders</c>.</returns>
    public static string SignedText(string timestampMs, string method, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var end = path.AsSpan().IndexOfAny('?', '#');
        return string.Concat(timestampMs, method.ToUpperInvariant(), end < 0 ? path : path[..end]);
    }

    /// <summary>Where the key came from, never the key.</summary>
    /// <returns>A description naming the variable or file.</returns>
    public override string ToString() => _description;

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
