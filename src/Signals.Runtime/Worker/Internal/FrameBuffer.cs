using System.Buffers.Binary;
using System.Text;

namespace Signals.Runtime.Worker.Internal;

/// <summary>A growable buffer frames are written into, then sent with one write.</summary>
internal sealed class FrameBuffer(int capacity = 4096)
{
    public const int HeaderSize = 5;

    private byte[] _buffer = new byte[capacity];
    private int _frameStart = -1;

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public byte[] Array => _buffer;

    public void Clear()
    {
        Length = 0;
        _frameStart = -1;
    }

    public void Begin(FrameType type)
    {
        _frameStart = Length;
        GetSpan(HeaderSize)[4] = (byte)type;
        Length += HeaderSize;
    }

    public void End()
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_frameStart), (uint)(Length - _frameStart - HeaderSize));
        _frameStart = -1;
    }

    public Span<byte> GetSpan(int size)
    {
        if (_buffer.Length - Length < size) System.Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + size));
        return _buffer.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    /// <summary>Drops everything written after <paramref name="length"/> (an empty frame not worth sending).</summary>
    public void Truncate(int length)
    {
        Length = length;
        _frameStart = -1;
    }

    /// <summary>Where the frame being written starts.</summary>
    public int FrameStart => _frameStart;

    public void WriteByte(byte value)
    {
        GetSpan(1)[0] = value;
        Length++;
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(GetSpan(4), value);
        Length += 4;
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(GetSpan(8), value);
        Length += 8;
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(GetSpan(8), value);
        Length += 8;
    }

    /// <summary>An i32 UTF-8 byte count (-1 for null) and the bytes.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }
        var count = Encoding.UTF8.GetByteCount(value);
        WriteInt32(count);
        Encoding.UTF8.GetBytes(value, GetSpan(count));
        Length += count;
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        value.CopyTo(GetSpan(value.Length));
        Length += value.Length;
    }

    /// <summary>Overwrites an i32 written earlier (a count known only at the end).</summary>
    public void PatchInt32(int offset, int value) => BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(offset), value);

    /// <summary>Overwrites an i64 written earlier.</summary>
    public void PatchInt64(int offset, long value) => BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(offset), value);
}
