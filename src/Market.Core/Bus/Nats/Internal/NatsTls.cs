using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Market.Core.Bus.Nats.Internal;

/// <summary>
/// The TLS upgrade of a NATS connection: nats-server (2.9; 2.10's <c>handshake_first</c> aside)
/// sends INFO in plaintext, then expects the client's TLS hello on the same socket.
/// </summary>
internal sealed class NatsTls
{
    private readonly X509Certificate2Collection? _roots;
    private readonly RemoteCertificateValidationCallback? _validation;
    private readonly string? _caFile;

    public NatsTls(NatsOptions options)
    {
        _caFile = options.TlsCaFile;
        _roots = _caFile is null ? null : LoadCaFile(_caFile);
        _validation = options.TlsCertificateValidation;
    }

    /// <summary>The CA certificates of a PEM file; <see cref="ArgumentException"/> naming the file when it has none.</summary>
    public static X509Certificate2Collection LoadCaFile(string path)
    {
        if (!File.Exists(path)) throw new ArgumentException($"TLS CA file '{path}' does not exist", nameof(NatsOptions.TlsCaFile));
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"TLS CA file '{path}' is not valid PEM: {e.Message}", nameof(NatsOptions.TlsCaFile), e);
        }
        if (roots.Count == 0) throw new ArgumentException($"TLS CA file '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)", nameof(NatsOptions.TlsCaFile));
        return roots;
    }

    /// <summary>Authenticates the server over <paramref name="stream"/> with blocking calls (closing the socket aborts it); a refusal is a <see cref="NatsException"/> naming the server and the certificate problem.</summary>
    public SslStream Upgrade(Stream stream, NatsServerAddress server)
    {
        string? problem = null;
        var host = server.TlsHost ?? server.Host;
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
            {
                var accepted = _validation?.Invoke(sender, certificate, chain, errors) ?? errors == SslPolicyErrors.None;
                if (!accepted) problem = Describe(certificate, chain, errors, host);
                return accepted;
            },
        };
        if (_roots is not null)
        {
            options.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                // A private CA seldom publishes revocation lists; SslStream does not check them by default either.
                RevocationMode = X509RevocationMode.NoCheck,
            };
            options.CertificateChainPolicy.CustomTrustStore.AddRange(_roots);
        }
        try
        {
            tls.AuthenticateAsClient(options);
            return tls;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            tls.Dispose();
            var hint = problem is null ? e.Message : problem + Hint();
            throw new NatsException($"TLS handshake with {server} failed: {hint}", e);
        }
        catch
        {
            tls.Dispose();
            throw;
        }
    }

    private string Hint() =>
        _validation is not null ? ""
        : _caFile is null ? "; give the CA that signed it with NatsOptions.TlsCaFile (--bus-tls-ca)"
        : $"; is it signed by a CA in '{_caFile}' (NatsOptions.TlsCaFile)?";

    private static string Describe(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, string host)
    {
        if (certificate is null) return "the server sent no certificate";
        var parts = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) parts.Add($"it does not name the host '{host}'");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError)
                .Select(s => $"{s.Status}: {s.StatusInformation.Trim()}").Distinct().ToList() ?? [];
            parts.Add("its chain is not trusted" + (statuses.Count > 0 ? $" ({string.Join("; ", statuses)})" : ""));
        }
        if (parts.Count == 0) parts.Add($"the validation callback refused it ({errors})");
        return $"server certificate '{certificate.Subject}' (issuer '{certificate.Issuer}') rejected: {string.Join(", ", parts)}";
    }
}
