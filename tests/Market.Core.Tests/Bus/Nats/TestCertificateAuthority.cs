using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Market.Core.Tests.Support;

namespace Market.Core.Tests.Bus.Nats;

/// <summary>
/// A throwaway CA and a server certificate it signed for localhost (and 127.0.0.1), written as PEM
/// files (no openssl), plus the nats-server <c>tls { }</c> block that serves them.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly TempDirectory _dir = new();

    private TestCertificateAuthority(string name, bool ipAddress)
    {
        CaFile = _dir.Combine("ca.pem");
        CertFile = _dir.Combine("server-cert.pem");
        KeyFile = _dir.Combine("server-key.pem");
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = DateTimeOffset.UtcNow.AddDays(1);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={name}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        if (ipAddress) names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var server = request.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(CaFile, ca.ExportCertificatePem());
        File.WriteAllText(CertFile, server.ExportCertificatePem());
        File.WriteAllText(KeyFile, serverKey.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The CA certificate (PEM) a client trusts.</summary>
    public string CaFile { get; }

    /// <summary>The server certificate (PEM), for localhost and, unless created without, 127.0.0.1.</summary>
    public string CertFile { get; }

    /// <summary>The server's private key (PKCS#8 PEM).</summary>
    public string KeyFile { get; }

    /// <summary>
    /// nats-server config requiring TLS on the client port. The handshake timeout is raised from
    /// the default (0.5 s in 2.9) so a busy test machine does not fail it.
    /// </summary>
    public string ServerConfig => $$"""
        tls {
          cert_file: "{{CertFile}}"
          key_file: "{{KeyFile}}"
          timeout: 5
        }
        """;

    /// <summary>A new CA and server certificate; <paramref name="ipAddress"/> false leaves 127.0.0.1 out of the certificate's names.</summary>
    public static TestCertificateAuthority Create(string name = "Deepwater Test CA", bool ipAddress = true) => new(name, ipAddress);

    public void Dispose() => _dir.Dispose();
}
