using System.Security.Cryptography;
using System.Text;

namespace Mcp.Server.Transport;

/// <summary>
/// The HTTP transport's shared secret. Read from an environment variable or a file, never taken on
/// the command line (where <c>ps</c> shows it) and never logged or returned by a tool.
/// </summary>
public sealed class BearerToken
{
    /// <summary>The environment variable read when none is named.</summary>
    public const string DefaultVariable = "DEEPWATER_MCP_TOKEN";

    /// <summary>The shortest token accepted: guessable tokens are refused at start.</summary>
    public const int MinLength = 16;

    private readonly byte[] _hash;

    private BearerToken(string token) => _hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Wraps a token value.</summary>
    /// <param name="token">The token.</param>
    /// <returns>The token.</returns>
    public static BearerToken From(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        token = token.Trim();
        if (token.Length < MinLength) throw new ArgumentException($"the bearer token must be at least {MinLength} characters (e.g. openssl rand -hex 32)");
        return new BearerToken(token);
    }

    /// <summary>Loads the token from <paramref name="file"/> if given, else from the environment variable <paramref name="variable"/>.</summary>
    /// <param name="variable">The environment variable; null means <see cref="DefaultVariable"/>.</param>
    /// <param name="file">A file holding the token; null to use the variable.</param>
    /// <returns>The token.</returns>
    /// <exception cref="ArgumentException">No token, or too short; the message says where it looked, never the value.</exception>
    public static BearerToken Load(string? variable, string? file)
    {
        if (file is not null)
        {
            if (!File.Exists(file)) throw new ArgumentException($"token file {file} does not exist");
            return From(File.ReadAllText(file));
        }
        var name = variable ?? DefaultVariable;
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"HTTP needs a bearer token: set the environment variable {name} (or pass --token-env NAME / --token-file PATH)");
        }
        return From(value);
    }

    /// <summary>True if <paramref name="authorization"/> is <c>Bearer &lt;this token&gt;</c>; constant-time.</summary>
    /// <param name="authorization">The Authorization header value.</param>
    /// <returns>Whether it matches.</returns>
    public bool Matches(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[7..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _hash);
    }

    /// <summary>Never the token.</summary>
    /// <returns>A placeholder.</returns>
    public override string ToString() => "BearerToken(***)";
}
