using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
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
                _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
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
        _transport = transport;
        Volatile.Write(ref _keepaliveOutstanding, 0);
        Volatile.Write(ref _state, (int)NatsConnectionState.Connected);
        Volatile.Read(ref _connected).TrySetResult(transport);
        WakeRoomWaiters();
    }

    // TCP, INFO, optional TLS upgrade, CONNECT + PING, wait for PONG (or -ERR), then replay every
    // live subscription straight onto the socket before the writer loop sends anything buffered.
    private async Task<NatsTransport> ConnectToAsync(NatsServerAddress server, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        timeout.CancelAfter(_options.ConnectTimeout);
        var token = timeout.Token;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        var phase = "TCP connect";
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            var input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
            phase = "INFO";
            var infoLine = await ReadLineAsync(input, server, token).ConfigureAwait(false);
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
                await input.CompleteAsync().ConfigureAwait(false);
                stream = await _tls.UpgradeAsync(stream, server, token).ConfigureAwait(false);
                input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
            }
            phase = "CONNECT/PONG";
            if (info.AuthRequired && _options.Token is null && _options.User is null)
            {
                throw new NatsException($"{server} requires authentication: set NatsOptions.Token or NatsOptions.User and Password");
            }
            await stream.WriteAsync(ConnectCommand(useTls), token).ConfigureAwait(false);
            while (true)
            {
                var line = await ReadLineAsync(input, server, token).ConfigureAwait(false);
                if (line == "PONG") break;
                if (line.StartsWith("-ERR", StringComparison.Ordinal)) throw new NatsServerErrorException(ErrorText(line), $"connecting to {server}");
                if (line.StartsWith("INFO ", StringComparison.Ordinal)) info = NatsServerInfo.Parse(Encoding.UTF8.GetBytes(line[5..]));
                else if (line == "PING") await stream.WriteAsync("PONG\r\n"u8.ToArray(), token).ConfigureAwait(false);
            }
            Volatile.Write(ref _info, info);
            Adopt(server, info);
            var replay = new ArrayBufferWriter<byte>();
            foreach (var subscription in _subscriptions.Values.OrderBy(s => s.Sid))
            {
                NatsProtocolWriter.WriteSubscribe(replay, subscription.Subject, subscription.QueueGroup, subscription.Sid);
                if (subscription.Remaining is { } remaining) NatsProtocolWriter.WriteUnsubscribe(replay, subscription.Sid, remaining);
            }
            if (replay.WrittenCount > 0) await stream.WriteAsync(replay.WrittenMemory, token).ConfigureAwait(false);
            return new NatsTransport(server, socket, stream, input);
        }
        catch (Exception e)
        {
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            socket.Dispose();
            // Our own connect timeout, not the caller's cancellation or disposal: say where it stuck.
            if (e is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !_disposing.IsCancellationRequested)
            {
                throw new NatsException($"{server} did not complete the {phase} within {_options.ConnectTimeout.TotalSeconds:0.###}s (NatsOptions.ConnectTimeout)", e);
            }
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

    private static async Task<string> ReadLineAsync(PipeReader input, NatsServerAddress server, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var end = buffer.PositionOf((byte)'\n');
            if (end is { } newline)
            {
                var line = Encoding.UTF8.GetString(buffer.Slice(0, newline)).TrimEnd('\r');
                input.AdvanceTo(buffer.GetPosition(1, newline));
                return line;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) throw new IOException($"{server} closed the connection during the handshake");
        }
    }

    private static string ErrorText(string line) => line.Length > 4 ? line[4..].Trim().Trim('\'') : "";
}
