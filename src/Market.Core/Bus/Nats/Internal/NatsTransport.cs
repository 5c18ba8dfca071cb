using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace Market.Core.Bus.Nats.Internal;

/// <summary>One socket to one server: its stream, a reader over it, and how it ends.</summary>
internal sealed class NatsTransport(NatsServerAddress server, Socket socket, Stream stream, PipeReader input)
{
    private readonly CancellationTokenSource _closing = new();
    private int _closed;

    public NatsServerAddress Server { get; } = server;

    public Stream Stream { get; } = stream;

    public PipeReader Input { get; } = input;

    /// <summary>Cancelled when the transport is closed, so the read loop ends at once.</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>Completed by the supervisor once a newer transport (or none) replaces this one.</summary>
    public TaskCompletionSource Replaced { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Why the transport was closed, when the client closed it (stale, lame duck, fatal -ERR).</summary>
    public string? CloseReason { get; private set; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Writes a batch, one socket write per segment (segments are 64 KiB).</summary>
    public async ValueTask WriteAsync(ReadOnlySequence<byte> batch, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
        if (batch.IsSingleSegment)
        {
            await Stream.WriteAsync(batch.First, linked.Token).ConfigureAwait(false);
        }
        else
        {
            foreach (var segment in batch) await Stream.WriteAsync(segment, linked.Token).ConfigureAwait(false);
        }
        await Stream.FlushAsync(linked.Token).ConfigureAwait(false);
    }

    /// <summary>Closes the socket; idempotent. The reason, if given, is reported with the disconnect.</summary>
    public void Close(string? reason = null)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        CloseReason = reason;
        try { _closing.Cancel(); }
        catch (ObjectDisposedException) { }
        try { socket.Shutdown(SocketShutdown.Both); }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
        Stream.Dispose();
        socket.Dispose();
    }
}
