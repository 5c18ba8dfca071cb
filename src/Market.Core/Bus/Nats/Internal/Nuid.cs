using System.Security.Cryptography;

namespace Market.Core.Bus.Nats.Internal;

/// <summary>A random 22-character base62 id, like NATS NUIDs: unique inboxes per connection.</summary>
internal static class Nuid
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Next() => RandomNumberGenerator.GetString(Alphabet, 22);
}
