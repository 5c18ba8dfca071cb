using System.IO.Pipelines;
using Market.Core.Bus.Nats.Internal;

namespace Market.Core.Bus.Nats;

public sealed partial class NatsConnection
{
    // No pause threshold: producers never wait inside the pipe; byte budgets below decide instead,
    // because the budget differs between connected (backpressure) and reconnecting (declared policy).
    private readonly Pipe _outbound = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, minimumSegmentSize: 64 * 1024, useSynchronizationContext: false));
    private readonly object _writeLock = new();
    private readonly Queue<PongWaiter> _pongWaiters = new();
    private readonly SemaphoreSlim _flushSignal = new(0);
    private bool _flushRequested;
    private TaskCompletionSource<NatsTransport> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NatsTransport? _transport;
    private TaskCompletionSource? _roomWaiter;
    private NatsServerErrorException? _asyncError;
    private long _committed;
    private long _sent;
    private long _reconnectBufferRejections;
    private int _keepaliveOutstanding;
    private int _state;

    // A PING in the outbound stream: its end position says whether it reached the old socket.
    private readonly record struct PongWaiter(long Position, TaskCompletionSource? Waiter);

    private enum Room
    {
        Yes,
        Wait,
        Drop,
        Fail,
    }

    /// <summary>
    /// Completes when the server has processed everything published before it: a PING/PONG round
    /// trip. Messages this connection receives because of those publishes have been dispatched by then.
    /// </summary>
    /// <exception cref="NatsServerErrorException">The server reported a non-fatal error (e.g. a permissions violation) since the last flush.</exception>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_writeLock)
        {
            ThrowIfDisposed();
            CommitLocked(NatsProtocolWriter.WriteString(_outbound.Writer, "PING\r\n"));
            _pongWaiters.Enqueue(new PongWaiter(_committed, waiter));
        }
        return waiter.Task.WaitAsync(cancellationToken);
    }

    private void SendKeepalivePing()
    {
        lock (_writeLock)
        {
            if (Volatile.Read(ref _disposed) != 0) return;
            CommitLocked(NatsProtocolWriter.WriteString(_outbound.Writer, "PING\r\n"));
            _pongWaiters.Enqueue(new PongWaiter(_committed, null));
        }
    }

    private void SendPong()
    {
        lock (_writeLock)
        {
            if (Volatile.Read(ref _disposed) == 0) CommitLocked(NatsProtocolWriter.WriteString(_outbound.Writer, "PONG\r\n"));
        }
    }

    private void OnPong()
    {
        Volatile.Write(ref _keepaliveOutstanding, 0);
        TaskCompletionSource? waiter;
        NatsServerErrorException? error = null;
        lock (_writeLock)
        {
            if (!_pongWaiters.TryDequeue(out var entry)) return;
            waiter = entry.Waiter;
            if (waiter is not null && _asyncError is not null)
            {
                error = _asyncError;
                _asyncError = null;
            }
        }
        if (error is not null) waiter!.TrySetException(error);
        else waiter?.TrySetResult();
    }

    // On a lost socket only PINGs that reached it lose their PONG; PINGs still buffered are resent.
    private void FailPongWaiters(Exception error, bool failAll)
    {
        var failed = new List<TaskCompletionSource>();
        lock (_writeLock)
        {
            var sent = Interlocked.Read(ref _sent);
            while (_pongWaiters.TryPeek(out var entry) && (failAll || entry.Position <= sent))
            {
                _pongWaiters.Dequeue();
                if (entry.Waiter is not null) failed.Add(entry.Waiter);
            }
        }
        foreach (var waiter in failed) waiter.TrySetException(error);
    }

    // Caller holds _writeLock and has written `bytes` into the pipe writer. The pipe flush (which
    // makes bytes readable and wakes the reader) is left to the writer loop, once per batch: a flush
    // per publish would wake it per message and cost one socket write each.
    private void CommitLocked(long bytes)
    {
        Volatile.Write(ref _committed, _committed + bytes);
        if (_flushRequested) return;
        _flushRequested = true;
        _flushSignal.Release();
    }

    // Writer loop only: publishes what producers wrote since the last batch.
    private void FlushPipe()
    {
        lock (_writeLock)
        {
            _flushRequested = false;
            if (Volatile.Read(ref _disposed) != 0) return;
            var flush = _outbound.Writer.FlushAsync();
            // With no pause threshold the flush completes at once.
            if (!flush.IsCompleted) flush.AsTask().GetAwaiter().GetResult();
        }
    }

    // Caller holds _writeLock. Connected: wait when the socket is behind by WriteBufferBytes.
    // Disconnected: the reconnect buffer's declared policy applies.
    private Room RoomLocked(long size)
    {
        var pending = _committed - Interlocked.Read(ref _sent);
        if ((NatsConnectionState)_state == NatsConnectionState.Connected) return pending < _options.WriteBufferBytes ? Room.Yes : Room.Wait;
        if (pending + size <= _options.ReconnectBufferBytes) return Room.Yes;
        return _options.ReconnectBufferPolicy switch
        {
            ReconnectBufferPolicy.Wait => Room.Wait,
            ReconnectBufferPolicy.DropNewest => Room.Drop,
            _ => Room.Fail,
        };
    }

    private void WakeRoomWaiters()
    {
        TaskCompletionSource? waiter;
        lock (_writeLock)
        {
            waiter = _roomWaiter;
            _roomWaiter = null;
        }
        waiter?.TrySetResult();
    }

    // The only task that touches the socket for writing: drains whatever publishers committed since
    // its last write in one batch. A batch that fails is kept and written again to the next server,
    // whole, so commands are never cut (at-least-once for that batch).
    private async Task WriteLoopAsync()
    {
        var reader = _outbound.Reader;
        var token = _disposing.Token;
        try
        {
            while (true)
            {
                await _flushSignal.WaitAsync(token).ConfigureAwait(false);
                FlushPipe();
                if (!reader.TryRead(out var result)) continue;
                var batch = result.Buffer;
                while (!batch.IsEmpty)
                {
                    var transport = await Volatile.Read(ref _connected).Task.WaitAsync(token).ConfigureAwait(false);
                    try
                    {
                        await transport.WriteAsync(batch, token).ConfigureAwait(false);
                        break;
                    }
                    catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException || (e is OperationCanceledException && !token.IsCancellationRequested))
                    {
                        transport.Close("write failed: " + e.Message);
                        await transport.Replaced.Task.WaitAsync(token).ConfigureAwait(false);
                    }
                }
                // Measured before AdvanceTo: the segments go back to the pool there.
                var length = batch.Length;
                reader.AdvanceTo(batch.End);
                Interlocked.Add(ref _sent, length);
                WakeRoomWaiters();
                if (result.IsCompleted) return;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (token.IsCancellationRequested)
        {
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }
}
