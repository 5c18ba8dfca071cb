using System.Net;
using System.Net.Sockets;

namespace Market.Core.Tests.Bus.Nats;

/// <summary>
/// A loopback TCP proxy in front of a server whose existing connections can be frozen: bytes stop
/// flowing both ways but the sockets stay open, which is how a dead network path looks. It can
/// also refuse new connections for a while, keeping one client away while others reconnect.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Link> _links = [];
    private readonly Task _accepting;
    private volatile bool _refusing;

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public int Connections
    {
        get { lock (_links) return _links.Count; }
    }

    /// <summary>Freezes every connection made so far; later connections flow normally.</summary>
    public void FreezeExisting()
    {
        lock (_links) foreach (var link in _links) link.Frozen.TrySetResult();
    }

    /// <summary>Closes each new connection as soon as it is accepted, until <see cref="Admit"/>.</summary>
    public void RefuseNew() => _refusing = true;

    /// <summary>Forwards new connections again.</summary>
    public void Admit() => _refusing = false;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_links) foreach (var link in _links) link.Close();
        try { await _accepting; }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
        catch (SocketException) { }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            if (_refusing)
            {
                client.Dispose();
                continue;
            }
            var server = new TcpClient();
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            var link = new Link(client, server);
            lock (_links) _links.Add(link);
            _ = PumpAsync(client.GetStream(), server.GetStream(), link);
            _ = PumpAsync(server.GetStream(), client.GetStream(), link);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, Link link)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0 || link.Frozen.Task.IsCompleted) break;
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
            // Frozen: hold the sockets open and forward nothing until the test ends.
            if (link.Frozen.Task.IsCompleted) await Task.Delay(Timeout.Infinite, _stop.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            if (!link.Frozen.Task.IsCompleted) link.Close();
        }
    }

    private sealed class Link(TcpClient client, TcpClient server)
    {
        public TaskCompletionSource Frozen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Close()
        {
            client.Dispose();
            server.Dispose();
        }
    }
}
