using System.Buffers.Binary;

namespace Signals.Runtime.Worker.Internal;

/// <summary>Reads whole frames off a pipe into a reused buffer.</summary>
internal sealed class FrameStream(Stream stream)
{
    private readonly byte[] _header = new byte[FrameBuffer.HeaderSize];
    private byte[] _body = new byte[64 * 1024];

    /// <summary>The next frame; false at a clean end of stream (between frames).</summary>
    /// <exception cref="EndOfStreamException">The stream ended inside a frame.</exception>
    public bool TryRead(out FrameType type, out ReadOnlySpan<byte> body)
    {
        type = default;
        body = default;
        var first = stream.ReadAtLeast(_header, _header.Length, throwOnEndOfStream: false);
        if (first == 0) return false;
        if (first < _header.Length) throw new EndOfStreamException("the stream ended inside a frame header");
        var length = BinaryPrimitives.ReadInt32LittleEndian(_header);
        if (length < 0) throw new InvalidDataException($"a frame of {length} bytes");
        if (_body.Length < length) _body = new byte[Math.Max(length, _body.Length * 2)];
        stream.ReadExactly(_body, 0, length);
        type = (FrameType)_header[4];
        body = _body.AsSpan(0, length);
        return true;
    }
}
