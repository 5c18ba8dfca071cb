using System.Net;

namespace Market.Core.Bus.Nats;

public sealed partial class NatsConnection
{
    private readonly Lock _serversLock = new();
    private readonly NatsServerAddress[] _configured;
    private NatsServerAddress[] _servers;
    private NatsServerAddress _current;
    private int _serverIndex;

    /// <summary>
    /// The reconnect list: <see cref="NatsOptions.Servers"/> in order, then the servers the cluster
    /// announced in INFO <c>connect_urls</c> (unless <see cref="NatsOptions.IgnoreDiscoveredServers"/>).
    /// </summary>
    public IReadOnlyList<NatsServerAddress> KnownServers => Array.AsReadOnly(Volatile.Read(ref _servers));

    /// <summary>The server currently (or last) connected to.</summary>
    public NatsServerAddress ConnectedServer => Volatile.Read(ref _current);

    /// <summary>Moves round the reconnect list and returns the server to try next.</summary>
    private NatsServerAddress NextServer()
    {
        lock (_serversLock)
        {
            _serverIndex = (_serverIndex + 1) % _servers.Length;
            return _servers[_serverIndex];
        }
    }

    // Called for every INFO of the server connected to (the handshake's and later async ones, as
    // the cluster changes): the list becomes the configured servers, then the announced ones, then
    // the current server if it is in neither. Servers the cluster no longer announces drop out.
    private void Adopt(NatsServerAddress server, NatsServerInfo info)
    {
        lock (_serversLock)
        {
            var servers = _servers;
            if (!_options.IgnoreDiscoveredServers && info.ConnectUrls.Count > 0)
            {
                var tls = _configured.Any(s => s.Tls);
                var tlsHost = _configured.Select(s => s.Host).FirstOrDefault(host => !IPAddress.TryParse(host, out _));
                // The server announces itself too; reached by another name (localhost for 127.0.0.1)
                // it would be listed twice, so its own address (INFO host and port) is left out.
                var discovered = info.ConnectUrls.Select(url => Discovered(url, tls, tlsHost)).OfType<NatsServerAddress>()
                    .Where(s => !(s.Port == info.Port && string.Equals(s.Host, info.Host, StringComparison.OrdinalIgnoreCase)));
                servers = Merge(_configured, discovered, server);
            }
            var index = Array.FindIndex(servers, s => Same(s, server));
            if (index < 0)
            {
                servers = [.. servers, server];
                index = servers.Length - 1;
            }
            Volatile.Write(ref _servers, servers);
            _serverIndex = index;
            Volatile.Write(ref _current, server);
        }
    }

    /// <summary>The configured servers first, then the discovered and current ones not already listed (same host and port).</summary>
    internal static NatsServerAddress[] Merge(IReadOnlyList<NatsServerAddress> configured, IEnumerable<NatsServerAddress> discovered, NatsServerAddress current)
    {
        var list = new List<NatsServerAddress>(configured);
        foreach (var server in discovered.Append(current))
        {
            if (!list.Exists(known => Same(known, server))) list.Add(server);
        }
        return [.. list];
    }

    private static bool Same(NatsServerAddress a, NatsServerAddress b) =>
        a.Port == b.Port && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase);

    // connect_urls are host:port, often IP addresses; a client that asked for TLS keeps asking for
    // it on discovered servers, and checks their certificates against the host name it was given.
    private static NatsServerAddress? Discovered(string url, bool tls, string? tlsHost)
    {
        try
        {
            var address = NatsServerAddress.Parse(url);
            if (tls) address = address with { Tls = true };
            return tlsHost is not null && IPAddress.TryParse(address.Host, out _) ? address with { TlsHost = tlsHost } : address;
        }
        catch (ArgumentException)
        {
            return null; // a malformed announcement is not worth a connection
        }
    }
}
