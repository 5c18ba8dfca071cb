namespace Market.Core.Feeds.Kalshi;

/// <summary>
/// Where a Kalshi API key lives, by reference only: configuration carries variable names and a
/// file path, never a key id or key text.
/// </summary>
/// <param name="KeyIdVariable">The environment variable holding the API key id.</param>
/// <param name="PrivateKeyFile">A PEM file with the RSA private key; set this or <paramref name="PrivateKeyVariable"/>.</param>
/// <param name="PrivateKeyVariable">An environment variable holding the PEM text of the RSA private key.</param>
public sealed record KalshiKeyReference(string KeyIdVariable, string? PrivateKeyFile = null, string? PrivateKeyVariable = null)
{
    /// <summary>Checks that a key id variable and exactly one private key source are named.</summary>
    /// <exception cref="ArgumentException">The reference is incomplete or names two sources; the message says which.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(KeyIdVariable))
        {
            throw new ArgumentException("Kalshi key reference: KeyIdVariable must name the environment variable holding the API key id.");
        }
        if (string.IsNullOrWhiteSpace(PrivateKeyFile) == string.IsNullOrWhiteSpace(PrivateKeyVariable))
        {
            throw new ArgumentException("Kalshi key reference: set exactly one of PrivateKeyFile (a PEM path) and PrivateKeyVariable (an environment variable name).");
        }
    }
}
