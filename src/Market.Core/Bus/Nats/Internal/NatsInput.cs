using System.Buffers;
using System.Text;

namespace Market.Core.Bus.Nats.Internal;

/// <summary>
/// The inbound bytes of one socket, read with blocking calls by the transport's own thread: one
/// linear buffer the parser sees as a single segment, compacted as it is consumed and grown for a
/// message larger than it.
/// </summary>
internal sealed class NatsInput(Stream stream, NatsServerAddress server)
{
    private const int InitialSize = 64 * 1024;
    private const int MinRead = 4096;

    // nats-server caps max_payload at 64 MiB; one message plus its control line fits below this.
    private const int MaxSize = 64 * 1024 * 1024 + 8192;

    private byte[] _buffer = new byte[InitialSize];
    private int _start;
    private int _end;

    /// <summary>What has been read and not yet consumed.</summary>
    public ReadOnlySequence<byte> Buffered => new(_buffer, _start, _end - _start);

    /// <summary>Drops the first <paramref name="bytes"/> of <see cref="Buffered"/>.</summary>
    public void Consume(long bytes)
    {
        _start += (int)bytes;
        if (_start == _end) _start = _end = 0;
    }

    /// <summary>Blocks until the socket delivers more bytes; false when the server closed it.</summary>
    /// <exception cref="NatsException">A single message would need more than 64 MiB.</exception>
    public bool Fill()
    {
        if (_buffer.Length - _end < MinRead && _start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxSize) throw new NatsException($"protocol error from {server}: a message longer than {MaxSize} bytes");
            Array.Resize(ref _buffer, (int)Math.Min(MaxSize, _buffer.Length * 2L));
        }
        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) return false;
        _end += read;
        return true;
    }

    /// <summary>The next line without its CR LF, for the handshake; what follows it stays buffered.</summary>
    /// <exception cref="IOException">The server closed the connection first.</exception>
    public string ReadLine()
    {
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(_buffer, _start, scanned + newline).TrimEnd('\r');
                Consume(scanned + newline + 1);
                return line;
            }
            scanned = _end - _start;
            if (!Fill()) throw new IOException($"{server} closed the connection during the handshake");
        }
    }
}
