using System.Buffers;
using System.Text;

namespace Market.Core.Bus.Nats.Internal;

/// <summary>Writes client protocol commands straight into an <see cref="IBufferWriter{T}"/>; each returns the bytes written.</summary>
internal static class NatsProtocolWriter
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    private static ReadOnlySpan<byte> HeaderVersion => "NATS/1.0\r\n"u8;

    /// <summary>The size of the <c>NATS/1.0</c> header block for <paramref name="headers"/>, or 0 for none.</summary>
    public static int HeaderBlockLength(BusHeaders? headers)
    {
        if (headers is null || headers.Count == 0) return 0;
        var length = HeaderVersion.Length + 2;
        foreach (var (name, value) in headers) length += Encoding.UTF8.GetByteCount(name) + 2 + Encoding.UTF8.GetByteCount(value) + 2;
        return length;
    }

    /// <summary><c>PUB</c> or, with headers, <c>HPUB</c>.</summary>
    public static long WritePublish(IBufferWriter<byte> writer, string subject, string? replyTo, BusHeaders? headers, int headerLength, ReadOnlySpan<byte> payload)
    {
        var subjectBytes = Encoding.UTF8.GetByteCount(subject);
        var replyBytes = replyTo is null ? 0 : Encoding.UTF8.GetByteCount(replyTo);
        // "HPUB " + subject + " " + reply + " " + 2 numbers of up to 11 digits + CRLF.
        var lineMax = 5 + subjectBytes + 1 + replyBytes + 1 + 24 + 2;
        var span = writer.GetSpan(lineMax);
        var n = 0;
        if (headerLength > 0) n += Copy("HPUB "u8, span);
        else n += Copy("PUB "u8, span);
        n += Encoding.UTF8.GetBytes(subject, span[n..]);
        span[n++] = (byte)' ';
        if (replyTo is not null)
        {
            n += Encoding.UTF8.GetBytes(replyTo, span[n..]);
            span[n++] = (byte)' ';
        }
        if (headerLength > 0)
        {
            headerLength.TryFormat(span[n..], out var h);
            n += h;
            span[n++] = (byte)' ';
        }
        (headerLength + payload.Length).TryFormat(span[n..], out var t);
        n += t;
        n += Copy(Crlf, span[n..]);
        writer.Advance(n);
        if (headerLength > 0) WriteHeaderBlock(writer, headers!, headerLength);
        WriteBytes(writer, payload);
        WriteBytes(writer, Crlf);
        return n + headerLength + payload.Length + 2;
    }

    /// <summary><c>SUB subject [queue] sid</c>.</summary>
    public static long WriteSubscribe(IBufferWriter<byte> writer, string subject, string? queueGroup, long sid)
    {
        var text = queueGroup is null ? $"SUB {subject} {sid}\r\n" : $"SUB {subject} {queueGroup} {sid}\r\n";
        return WriteString(writer, text);
    }

    /// <summary><c>UNSUB sid [max]</c>.</summary>
    public static long WriteUnsubscribe(IBufferWriter<byte> writer, long sid, long? max) =>
        WriteString(writer, max is null ? $"UNSUB {sid}\r\n" : $"UNSUB {sid} {max}\r\n");

    /// <summary>Writes text as UTF-8.</summary>
    public static long WriteString(IBufferWriter<byte> writer, string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        var written = Encoding.UTF8.GetBytes(text, writer.GetSpan(count));
        writer.Advance(written);
        return written;
    }

    private static void WriteHeaderBlock(IBufferWriter<byte> writer, BusHeaders headers, int length)
    {
        var span = writer.GetSpan(length);
        var n = Copy(HeaderVersion, span);
        foreach (var (name, value) in headers)
        {
            n += Encoding.UTF8.GetBytes(name, span[n..]);
            span[n++] = (byte)':';
            span[n++] = (byte)' ';
            n += Encoding.UTF8.GetBytes(value, span[n..]);
            n += Copy(Crlf, span[n..]);
        }
        n += Copy(Crlf, span[n..]);
        writer.Advance(n);
    }

    private static void WriteBytes(IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var span = writer.GetSpan(Math.Min(bytes.Length, 64 * 1024));
            var n = Math.Min(span.Length, bytes.Length);
            bytes[..n].CopyTo(span);
            writer.Advance(n);
            bytes = bytes[n..];
        }
    }

    private static int Copy(ReadOnlySpan<byte> from, Span<byte> to)
    {
        from.CopyTo(to);
        return from.Length;
    }
}
