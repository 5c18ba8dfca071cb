using System.Buffers.Binary;
using System.Text;

namespace Signals.Runtime.Worker.Internal;

/// <summary>Reads a frame body written by <see cref="FrameBuffer"/>; a short body throws (the peer is broken).</summary>
internal ref struct FrameReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private int _at;

    public readonly bool AtEnd => _at >= _body.Length;

    public byte ReadByte() => _body[_at++];

    public int ReadInt32()
    {
        var value = BinaryPrimitives.ReadInt32LittleEndian(_body[_at..]);
        _at += 4;
        return value;
    }

    public uint ReadUInt32() => (uint)ReadInt32();

    public long ReadInt64()
    {
        var value = BinaryPrimitives.ReadInt64LittleEndian(_body[_at..]);
        _at += 8;
        return value;
    }

    public double ReadDouble()
    {
        var value = BinaryPrimitives.ReadDoubleLittleEndian(_body[_at..]);
        _at += 8;
        return value;
    }

    public string? ReadNullableString()
    {
        var count = ReadInt32();
        if (count < 0) return null;
        var value = Encoding.UTF8.GetString(_body.Slice(_at, count));
        _at += count;
        return value;
    }

    public string ReadString() => ReadNullableString() ?? throw new InvalidDataException("a required string is null");

    public ReadOnlySpan<byte> ReadBytes()
    {
        var count = ReadInt32();
        var value = _body.Slice(_at, count);
        _at += count;
        return value;
    }
}
