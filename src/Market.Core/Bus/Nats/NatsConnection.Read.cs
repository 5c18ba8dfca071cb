using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Market.Core.Bus.Nats.Internal;

namespace Market.Core.Bus.Nats;

public sealed partial class NatsConnection
{
    // The server's default max_control_line; a longer line is a protocol error, not a reason to buffer.
    private const int MaxControlLine = 4096;

    // Touched by the read loop only (one at a time), so none needs a lock. Market data repeats a
    // bounded set of subjects and header names: decoding each once keeps the read path to the
    // payload copy and the header values.
    private readonly byte[] _lineScratch = new byte[MaxControlLine];
    private readonly Utf8StringPool _subjects = new(capacity: 16_384);
    private readonly Utf8StringPool _headerNames = new(capacity: 256);

    // On the transport's own thread: parse what is buffered, then block for more.
    private void ReadLoop(NatsTransport transport)
    {
        var input = transport.Input;
        while (true)
        {
            var buffer = input.Buffered;
            var length = buffer.Length;
            while (TryParse(ref buffer, transport))
            {
            }
            input.Consume(length - buffer.Length);
            if (transport.IsClosed) return;
            if (!input.Fill()) throw new IOException($"{transport.Server} closed the connection");
        }
    }

    // Parses one protocol line (and its payload); false when more bytes are needed.
    private bool TryParse(ref ReadOnlySequence<byte> buffer, NatsTransport transport)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> lineBytes, (byte)'\n'))
        {
            if (buffer.Length > MaxControlLine) throw new NatsException($"protocol error from {transport.Server}: a control line longer than {MaxControlLine} bytes");
            return false;
        }
        if (lineBytes.Length > MaxControlLine) throw new NatsException($"protocol error from {transport.Server}: a control line longer than {MaxControlLine} bytes");
        ReadOnlySpan<byte> line;
        if (lineBytes.IsSingleSegment)
        {
            line = lineBytes.FirstSpan;
        }
        else
        {
            lineBytes.CopyTo(_lineScratch);
            line = _lineScratch.AsSpan(0, (int)lineBytes.Length);
        }
        if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];

        if (line.StartsWith("MSG "u8)) return TryMessage(ref buffer, ref reader, line[4..], headers: false, transport);
        if (line.StartsWith("HMSG "u8)) return TryMessage(ref buffer, ref reader, line[5..], headers: true, transport);
        buffer = buffer.Slice(reader.Position);
        if (line.SequenceEqual("PING"u8)) SendPong();
        else if (line.SequenceEqual("PONG"u8)) OnPong();
        else if (line.StartsWith("+OK"u8)) { }
        else if (line.StartsWith("-ERR"u8)) OnServerError(Encoding.UTF8.GetString(line[4..]).Trim().Trim('\''), transport);
        else if (line.StartsWith("INFO "u8)) OnInfo(NatsServerInfo.Parse(line[5..]), transport);
        else throw new NatsException($"protocol error from {transport.Server}: unknown operation '{Encoding.UTF8.GetString(line)}'");
        return true;
    }

    // MSG <subject> <sid> [reply-to] <#bytes> / HMSG <subject> <sid> [reply-to] <#header bytes> <#total bytes>
    private bool TryMessage(ref ReadOnlySequence<byte> buffer, ref SequenceReader<byte> reader, ReadOnlySpan<byte> args, bool headers, NatsTransport transport)
    {
        Span<Range> parts = stackalloc Range[6];
        var count = Split(args, parts);
        var expected = headers ? 4 : 3;
        if (count != expected && count != expected + 1) throw new NatsException($"protocol error from {transport.Server}: malformed {(headers ? "HMSG" : "MSG")} '{Encoding.UTF8.GetString(args)}'");
        var hasReply = count == expected + 1;
        var subject = args[parts[0]];
        var reply = hasReply ? args[parts[2]] : default;
        var sizes = hasReply ? 3 : 2;
        var headerLength = 0;
        if (!Utf8Parser.TryParse(args[parts[1]], out long sid, out _)
            || (headers && !Utf8Parser.TryParse(args[parts[sizes++]], out headerLength, out _))
            || !Utf8Parser.TryParse(args[parts[sizes]], out int total, out _))
        {
            throw new NatsException($"protocol error from {transport.Server}: malformed {(headers ? "HMSG" : "MSG")} '{Encoding.UTF8.GetString(args)}'");
        }
        if (reader.Remaining < total + 2) return false;
        var body = reader.UnreadSequence.Slice(0, total);
        reader.Advance(total + 2);
        _inMessages++;
        if (_subscriptions.TryGetValue(sid, out var subscription))
        {
            var message = new NatsMessage(_subjects.Get(subject), reply, body.Slice(0, headerLength), body.Slice(headerLength), _headerNames);
            subscription.Deliver(in message);
        }
        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private static int Split(ReadOnlySpan<byte> args, Span<Range> parts)
    {
        var count = 0;
        var start = -1;
        for (var i = 0; i <= args.Length; i++)
        {
            var space = i == args.Length || args[i] == (byte)' ' || args[i] == (byte)'\t';
            if (!space && start < 0) start = i;
            else if (space && start >= 0)
            {
                if (count == parts.Length) return count + 1;
                parts[count++] = start..i;
                start = -1;
            }
        }
        return count;
    }

    private void OnInfo(NatsServerInfo info, NatsTransport transport)
    {
        Volatile.Write(ref _info, info);
        Adopt(transport.Server, info);
        if (!info.LameDuckMode) return;
        LameDuckMode?.Invoke(this, new NatsConnectionEventArgs(transport.Server, "server entered lame-duck mode"));
        // Move now rather than when the server drops us: with another server to go to, nothing is lost waiting.
        if (KnownServers.Count > 1) transport.Close("lame-duck mode: moving to another server");
    }

    // Permissions and subject errors leave the connection open; anything else is fatal and the
    // server closes the socket after it, so the client closes too and reconnects.
    private void OnServerError(string text, NatsTransport transport)
    {
        ServerError?.Invoke(this, new NatsConnectionEventArgs(transport.Server, text));
        const string subscribeViolation = "Permissions Violation for Subscription to ";
        if (text.StartsWith(subscribeViolation, StringComparison.OrdinalIgnoreCase))
        {
            var subject = text[subscribeViolation.Length..].Split(' ')[0].Trim('"');
            var error = new NatsServerErrorException(text, $"subscription to '{subject}' refused");
            foreach (var subscription in _subscriptions.Values.Where(s => s.Subject == subject)) subscription.Complete(error);
            return;
        }
        if (text.StartsWith("Permissions Violation", StringComparison.OrdinalIgnoreCase) || text.StartsWith("Invalid ", StringComparison.OrdinalIgnoreCase))
        {
            lock (_writeLock) _asyncError ??= new NatsServerErrorException(text, "reported since the last flush");
            return;
        }
        transport.Close("fatal server error: " + text);
    }
}
