using System.Buffers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Market.Core.Bus.Nats.Internal;

namespace Market.Core.Bus.Nats;

public sealed partial class NatsConnection
{
    private readonly NatsTls _tls;

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var failures = new List<Exception>();
        foreach (var server in _configured)
        {
            try
            {
                var transport = await ConnectToAsync(server, cancellationToken).ConfigureAwait(false);
                Install(transport);
                _writer = DedicatedThread.Run("nats write", WriteLoop);
                _supervisor = Task.Run(() => SuperviseAsync(transport), CancellationToken.None);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures.Add(e);
            }
        }
        var detail = string.Join("; ", _configured.Zip(failures, (s, e) => $"{s}: {e.Message}"));
        throw new NatsException($"could not connect to any nats-server ({detail})", new AggregateException(failures));
    }

    private void Install(NatsTransport transport)
    {
        // A full fence each side (here and in DisposeAsync), so one of the two closes it.
        Interlocked.Exchange(ref _transport, transport);
        // Disposed meanwhile: DisposeAsync closed the transport before, so close this one here.
        if (Volatile.Read(ref _disposed) != 0) transport.Close();
        transport.Start();
        Volatile.Write(ref _keepaliveOutstanding, 0);
        Volatile.Write(ref _state, (int)NatsConnectionState.Connected);
        Volatile.Read(ref _connected).TrySetResult(transport);
        WakeRoomWaiters();
    }

    // The transport's own thread handshakes with blocking calls (TCP, INFO, optional TLS upgrade,
    // CONNECT + PING, wait for PONG or -ERR, replay every live subscription straight onto the
    // socket before anything buffered is written), hands the transport over, and once
    // it is installed runs the read loop. The task completes when the handshake does.
    private Task<NatsTransport> ConnectToAsync(NatsServerAddress server, CancellationToken cancellationToken)
    {
        var handshake = new TaskCompletionSource<NatsTransport>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DedicatedThread.Run("nats read", () =>
        {
            NatsTransport transport;
            try
            {
                transport = Handshake(server, cancellationToken);
            }
            catch (Exception e)
            {
                handshake.TrySetException(e);
                return;
            }
            transport.Reading = reading.Task;
            if (!handshake.TrySetResult(transport) || !transport.WaitUntilStarted())
            {
                transport.Close();
                reading.TrySetResult();
                return;
            }
            try
            {
                ReadLoop(transport);
                reading.TrySetResult();
            }
            catch (Exception e)
            {
                reading.TrySetException(e);
            }
        });
        return handshake.Task;
    }

    private NatsTransport Handshake(NatsServerAddress server, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        timeout.CancelAfter(_options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var transport = new NatsTransport(server, socket);
        // Blocking calls have no token: closing the socket is what makes them fail.
        using var abort = timeout.Token.UnsafeRegister(static t => ((NatsTransport)t!).Close(), transport);
        var phase = "TCP connect";
        try
        {
            socket.Connect(server.Host, server.Port);
            transport.Stream = new NetworkStream(socket, ownsSocket: true);
            transport.Input = new NatsInput(transport.Stream, server);
            phase = "INFO";
            var infoLine = transport.Input.ReadLine();
            if (!infoLine.StartsWith("INFO ", StringComparison.Ordinal)) throw new NatsException($"{server} did not start with INFO but with '{infoLine}': is it a nats-server client port?");
            var info = NatsServerInfo.Parse(Encoding.UTF8.GetBytes(infoLine[5..]));
            phase = "TLS handshake";
            var useTls = info.TlsRequired || WantsTls(server);
            if (useTls)
            {
                // Refuse rather than fall back to plaintext: the user asked for TLS.
                if (!info.TlsRequired && !info.TlsAvailable)
                {
                    throw new NatsException($"{server} does not offer TLS (its INFO has neither tls_required nor tls_available) but the client requires it ({TlsReason(server)}); configure tls {{ cert_file, key_file }} on the server or connect with nats:// and no TLS options");
                }
                // The server sends nothing after INFO until the client's TLS hello, so no bytes are left behind.
                transport.Stream = _tls.Upgrade(transport.Stream, server);
                transport.Input = new NatsInput(transport.Stream, server);
            }
            phase = "CONNECT/PONG";
            if (info.AuthRequired && _options.Token is null && _options.User is null)
            {
                throw new NatsException($"{server} requires authentication: set NatsOptions.Token or NatsOptions.User and Password");
            }
            transport.Stream.Write(ConnectCommand(useTls));
            while (true)
            {
                var line = transport.Input.ReadLine();
                if (line == "PONG") break;
                if (line.StartsWith("-ERR", StringComparison.Ordinal)) throw new NatsServerErrorException(ErrorText(line), $"connecting to {server}");
                if (line.StartsWith("INFO ", StringComparison.Ordinal)) info = NatsServerInfo.Parse(Encoding.UTF8.GetBytes(line[5..]));
                else if (line == "PING") transport.Stream.Write("PONG\r\n"u8);
            }
            Volatile.Write(ref _info, info);
            Adopt(server, info);
            var replay = new ArrayBufferWriter<byte>();
            foreach (var subscription in _subscriptions.Values.OrderBy(s => s.Sid))
            {
                NatsProtocolWriter.WriteSubscribe(replay, subscription.Subject, subscription.QueueGroup, subscription.Sid);
                if (subscription.Remaining is { } remaining) NatsProtocolWriter.WriteUnsubscribe(replay, subscription.Sid, remaining);
            }
            if (replay.WrittenCount > 0) transport.Stream.Write(replay.WrittenSpan);
            abort.Dispose();
            // The abort may have fired between the last call and its removal.
            if (transport.IsClosed) throw new IOException($"{server} closed during the handshake");
            return transport;
        }
        catch (Exception e)
        {
            transport.Close();
            if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException($"connecting to {server} was cancelled", e, cancellationToken);
            if (_disposing.IsCancellationRequested) throw new ObjectDisposedException(nameof(NatsConnection), e);
            // Our own connect timeout: say where it stuck.
            if (timeout.IsCancellationRequested) throw new NatsException($"{server} did not complete the {phase} within {_options.ConnectTimeout.TotalSeconds:0.###}s (NatsOptions.ConnectTimeout)", e);
            throw;
        }
    }

    private bool WantsTls(NatsServerAddress server) => server.Tls || _options.TlsRequired || _options.TlsCaFile is not null;

    private string TlsReason(NatsServerAddress server) =>
        server.Tls ? "tls:// URL" : _options.TlsCaFile is not null ? "NatsOptions.TlsCaFile" : "NatsOptions.TlsRequired";

    private byte[] ConnectCommand(bool tls)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("CONNECT "u8);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean("verbose", false);
            json.WriteBoolean("pedantic", false);
            json.WriteBoolean("tls_required", tls);
            json.WriteString("name", _options.Name);
            json.WriteString("lang", "csharp-deepwater");
            json.WriteString("version", "1.0.0");
            // protocol 1: the server may send async INFO (cluster changes, lame duck mode).
            json.WriteNumber("protocol", 1);
            json.WriteBoolean("echo", true);
            json.WriteBoolean("headers", true);
            json.WriteBoolean("no_responders", true);
            if (_options.Token is not null) json.WriteString("auth_token", _options.Token);
            if (_options.User is not null)
            {
                json.WriteString("user", _options.User);
                json.WriteString("pass", _options.Password);
            }
            json.WriteEndObject();
        }
        buffer.Write("\r\nPING\r\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static string ErrorText(string line) => line.Length > 4 ? line[4..].Trim().Trim('\'') : "";
}
