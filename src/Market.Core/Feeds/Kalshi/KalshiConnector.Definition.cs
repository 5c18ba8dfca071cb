using Market.Core.Feeds.Config;
using Market.Core.Feeds.Connectors;

namespace Market.Core.Feeds.Kalshi;

public sealed partial class KalshiConnector
{
    /// <summary>The credential naming the environment variable that holds the API key id.</summary>
    public const string KeyIdCredential = "key_id";

    /// <summary>The credential naming where the RSA private key's PEM is (a file or an environment variable).</summary>
    public const string PrivateKeyCredential = "private_key";

    /// <summary>
    /// Creates a signing connector from a <c>kalshi</c> feed definition: its <c>websocket</c> endpoint,
    /// channels, symbols (market tickers) and credentials <c>key_id: {env: …}</c> and
    /// <c>private_key: {file: …}</c> or <c>{env: …}</c>. The key is loaded here, once.
    /// </summary>
    /// <param name="definition">The feed.</param>
    /// <param name="sink">Where events go.</param>
    /// <param name="deadLetters">Where rejected messages go.</param>
    /// <param name="metrics">The feed's counters, or null for new ones.</param>
    /// <param name="time">The signer's clock for handshake timestamps; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>The connector, owning its signer: dispose it.</returns>
    /// <exception cref="ArgumentException">The definition is not a usable kalshi feed; the message names what is missing.</exception>
    /// <exception cref="InvalidOperationException">A referenced variable is unset or the key file is missing or unreadable; the message names the reference, never a secret.</exception>
    public static KalshiConnector FromDefinition(FeedDefinition definition, IMarketEventSink sink, DeadLetterStore deadLetters, FeedMetrics? metrics = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Kind != "kalshi") throw new ArgumentException($"feed '{definition.Name}' is of kind '{definition.Kind}', not kalshi", nameof(definition));
        if (!definition.Endpoints.TryGetValue("websocket", out var address)) throw new ArgumentException($"feed '{definition.Name}' has no websocket endpoint", nameof(definition));
        var signer = KalshiSigner.Create(KeyReference(definition), time);
        try
        {
            return new KalshiConnector(definition.Name, new Uri(address), definition.Channels, definition.Symbols, sink, deadLetters, signer, metrics);
        }
        catch
        {
            signer.Dispose();
            throw;
        }
    }

    /// <summary>The definition's credentials as a <see cref="KalshiKeyReference"/>; a leading <c>~/</c> in a key file is the home directory.</summary>
    internal static KalshiKeyReference KeyReference(FeedDefinition definition)
    {
        var feed = definition.Name;
        if (!definition.Credentials.TryGetValue(KeyIdCredential, out var keyId))
        {
            throw new ArgumentException($"feed '{feed}' has no credentials.{KeyIdCredential}; add {KeyIdCredential}: {{ env: KALSHI_KEY_ID }}", nameof(definition));
        }
        if (string.IsNullOrWhiteSpace(keyId.Environment))
        {
            throw new ArgumentException($"feed '{feed}': credentials.{KeyIdCredential} is {keyId}, but it must name an environment variable ({{ env: NAME }})", nameof(definition));
        }
        if (!definition.Credentials.TryGetValue(PrivateKeyCredential, out var privateKey))
        {
            throw new ArgumentException($"feed '{feed}' has no credentials.{PrivateKeyCredential}; add {PrivateKeyCredential}: {{ file: PATH }} or {{ env: NAME }}", nameof(definition));
        }
        if (!string.IsNullOrWhiteSpace(privateKey.File)) return new KalshiKeyReference(keyId.Environment, PrivateKeyFile: ExpandHome(privateKey.File));
        if (!string.IsNullOrWhiteSpace(privateKey.Environment)) return new KalshiKeyReference(keyId.Environment, PrivateKeyVariable: privateKey.Environment);
        throw new ArgumentException($"feed '{feed}': credentials.{PrivateKeyCredential} names neither a file nor an environment variable", nameof(definition));
    }

    private static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
}
