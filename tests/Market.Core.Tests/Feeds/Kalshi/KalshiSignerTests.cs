using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Market.Core.Feeds.Kalshi;
using Market.Core.Tests.Support;

namespace Market.Core.Tests.Feeds.Kalshi;

/// <summary>Each test uses its own variable names, so tests running in parallel never share process environment.</summary>
public sealed class KalshiSignerTests : IDisposable
{
    private const string KeyId = "a952bcbe-ec3b-4b5b-b8f9-11dae589608c";
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly string _keyIdVariable = "DW_TEST_KALSHI_KEY_ID_" + Guid.NewGuid().ToString("N");
    private readonly string _pemVariable = "DW_TEST_KALSHI_PEM_" + Guid.NewGuid().ToString("N");

    public KalshiSignerTests() => Environment.SetEnvironmentVariable(_keyIdVariable, KeyId);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_keyIdVariable, null);
        Environment.SetEnvironmentVariable(_pemVariable, null);
        _rsa.Dispose();
    }

    private KalshiSigner FromEnvironment(TimeProvider? time = null)
    {
        Environment.SetEnvironmentVariable(_pemVariable, _rsa.ExportPkcs8PrivateKeyPem());
        return KalshiSigner.Create(new KalshiKeyReference(_keyIdVariable, PrivateKeyVariable: _pemVariable), time);
    }

    private bool Verifies(string text, string signature) =>
        _rsa.VerifyData(Encoding.UTF8.GetBytes(text), Convert.FromBase64String(signature), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

    [Fact]
    public void Sign_WithKeyFromEnvironment_VerifiesWithThePublicKey_OverTimestampMethodAndPathWithoutQuery()
    {
        using var signer = FromEnvironment();
        var headers = signer.Sign("get", "/trade-api/v2/portfolio/orders?limit=5", 1_703_123_456_789);

        Assert.Equal((KeyId, "1703123456789"), (headers.KeyId, headers.TimestampMs));
        Assert.True(Verifies("1703123456789GET/trade-api/v2/portfolio/orders", headers.Signature));
        Assert.False(Verifies("1703123456789GET/trade-api/v2/portfolio/orders?limit=5", headers.Signature));
        Assert.Equal(
            ["KALSHI-ACCESS-KEY", "KALSHI-ACCESS-TIMESTAMP", "KALSHI-ACCESS-SIGNATURE"],
            headers.ToArray().Select(h => h.Key));
        // 2048-bit key: a 256-byte signature.
        Assert.Equal(256, Convert.FromBase64String(headers.Signature).Length);
    }

    [Fact]
    public void Sign_UsesAPssSaltAsLongAsTheSha256Digest()
    {
        using var signer = FromEnvironment();
        var signature = Convert.FromBase64String(signer.Sign("GET", "/trade-api/ws/v2", 1).Signature);

        // Undo the RSA with the public key and decode EMSA-PSS (RFC 8017 §9.1.2) by hand: EM is
        // maskedDB ‖ H ‖ 0xbc, DB = maskedDB ⊕ MGF1(H) is zeros ‖ 0x01 ‖ salt.
        var key = _rsa.ExportParameters(includePrivateParameters: false);
        var m = BigInteger.ModPow(new BigInteger(signature, isUnsigned: true, isBigEndian: true),
            new BigInteger(key.Exponent, isUnsigned: true, isBigEndian: true), new BigInteger(key.Modulus, isUnsigned: true, isBigEndian: true));
        var em = new byte[key.Modulus!.Length];
        var bytes = m.ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.CopyTo(em, em.Length - bytes.Length);
        Assert.Equal(0xbc, em[^1]);
        var h = em.AsSpan(em.Length - 33, 32);
        var db = em[..(em.Length - 33)];
        var mask = new List<byte>();
        for (var counter = 0; mask.Count < db.Length; counter++) mask.AddRange(SHA256.HashData([.. h, 0, 0, 0, (byte)counter]));
        for (var i = 0; i < db.Length; i++) db[i] ^= mask[i];
        db[0] &= 0x7f;
        var one = Array.FindIndex(db, b => b != 0);
        Assert.Equal(1, db[one]);
        Assert.Equal(32, db.Length - one - 1);
    }

    [Fact]
    public void Sign_WithKeyFromPemFile_AtTheClocksTimeInMilliseconds_SignsTheWebSocketHandshake()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("kalshi.pem");
        File.WriteAllText(path, _rsa.ExportRSAPrivateKeyPem());
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_770_897_981_123));
        using var signer = KalshiSigner.Create(new KalshiKeyReference(_keyIdVariable, PrivateKeyFile: path), clock);

        var headers = signer.Sign("GET", "/trade-api/ws/v2");

        Assert.Equal("1770897981123", headers.TimestampMs);
        Assert.True(Verifies("1770897981123GET/trade-api/ws/v2", headers.Signature));
    }

    [Fact]
    public void ToString_NamesTheSources_AndRevealsNoKeyMaterial()
    {
        using var signer = FromEnvironment();
        var text = signer.ToString();
        var headers = signer.Sign("GET", "/trade-api/ws/v2", 1);

        Assert.Contains(_keyIdVariable, text, StringComparison.Ordinal);
        Assert.Contains(_pemVariable, text, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyId, text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyId, headers.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(headers.Signature, headers.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithUnsetPrivateKeyVariable_NamesTheVariable()
    {
        var e = Assert.Throws<InvalidOperationException>(() => KalshiSigner.Create(new KalshiKeyReference(_keyIdVariable, PrivateKeyVariable: _pemVariable)));
        Assert.Contains($"'{_pemVariable}' is not set", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyId, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithUnsetKeyIdVariable_NamesTheVariable()
    {
        var missing = "DW_TEST_KALSHI_UNSET_" + Guid.NewGuid().ToString("N");
        var e = Assert.Throws<InvalidOperationException>(() => KalshiSigner.Create(new KalshiKeyReference(missing, PrivateKeyVariable: _pemVariable)));
        Assert.Contains($"'{missing}' is not set", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithMissingFile_NamesThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), "deepwater-tests", Guid.NewGuid().ToString("N"), "absent.pem");
        var e = Assert.Throws<InvalidOperationException>(() => KalshiSigner.Create(new KalshiKeyReference(_keyIdVariable, PrivateKeyFile: path)));
        Assert.Contains($"'{path}' does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithNotAPrivateKey_SaysSo_WithoutEchoingTheText()
    {
        // A public key is valid PEM but cannot sign; the garbage must not leak into the message.
        Environment.SetEnvironmentVariable(_pemVariable, _rsa.ExportSubjectPublicKeyInfoPem());
        var e = Assert.Throws<InvalidOperationException>(() => KalshiSigner.Create(new KalshiKeyReference(_keyIdVariable, PrivateKeyVariable: _pemVariable)));
        Assert.Contains("does not hold a PEM RSA private key", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN", e.Message, StringComparison.Ordinal);
        Assert.Null(e.InnerException);

        Environment.SetEnvironmentVariable(_pemVariable, "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWJ5dGVz\n-----END PRIVATE KEY-----");
        e = Assert.Throws<InvalidOperationException>(() => KalshiSigner.Create(new KalshiKeyReference(_keyIdVariable, PrivateKeyVariable: _pemVariable)));
        Assert.DoesNotContain("c2VjcmV0LWJ5dGVz", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("/a.pem", "VAR")]
    public void Create_WithoutExactlyOnePrivateKeySource_IsRejected(string? file, string? variable)
    {
        var e = Assert.Throws<ArgumentException>(() => KalshiSigner.Create(new KalshiKeyReference(_keyIdVariable, file, variable)));
        Assert.Contains("exactly one of PrivateKeyFile", e.Message, StringComparison.Ordinal);
    }
}
