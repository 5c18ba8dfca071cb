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
    // Held by whoever writes to the socket: the writer thread, or a publisher closing a batch.
    private readonly Lock _socketGate = new();
    private bool _outboundDone;
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
    // makes bytes readable) is left to whoever writes the socket, once per batch: a flush per
    // publish would cost one socket write each. While a batch is open its publisher wakes nobody.
    private void CommitLocked(long bytes)
    {
        Volatile.Write(ref _committed, _committed + bytes);
        if (_flushRequested) return;
        _flushRequested = true;
        if (Volatile.Read(ref _openBatches) == 0) _flushSignal.Release();
    }

    // Whoever holds _socketGate: makes what producers wrote since the last batch readable.
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

    // The writer thread: waits for commits and writes them whenever no publisher has a batch open
    // (those write their own run when they close it, see NatsConnection.Batch.cs).
    private void WriteLoop()
    {
        var token = _disposing.Token;
        try
        {
            while (true)
            {
                _flushSignal.Wait(token);
                while (true)
                {
                    var transport = Volatile.Read(ref _connected).Task.WaitAsync(token).GetAwaiter().GetResult();
                    bool written, completed;
                    lock (_socketGate) written = TryWriteCommitted(transport, out completed);
                    if (completed) return;
                    if (written) break;
                    transport.Replaced.Task.WaitAsync(token).GetAwaiter().GetResult();
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (token.IsCancellationRequested)
        {
        }
        catch (NatsException) when (State == NatsConnectionState.Closed)
        {
            // Gave up reconnecting: nothing more can be written, and publishers have been told.
        }
        finally
        {
            lock (_socketGate)
            {
                _outboundDone = true;
                _outbound.Reader.Complete();
            }
        }
    }

    // Caller holds _socketGate. Writes everything committed so far in one batch. False when the
    // socket failed: the batch then stays in the pipe and goes, whole, to the next server, so
    // commands are never cut (at-least-once for that batch).
    private bool TryWriteCommitted(NatsTransport transport, out bool completed)
    {
        // The writer thread has ended (disposed): a publisher closing a batch finds nothing to do.
        completed = _outboundDone;
        if (completed) return true;
        FlushPipe();
        var reader = _outbound.Reader;
        if (!reader.TryRead(out var result)) return true;
        var batch = result.Buffer;
        try
        {
            if (!batch.IsEmpty) transport.Write(batch);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            reader.AdvanceTo(batch.Start);
            transport.Close("write failed: " + e.Message);
            return false;
        }
        // Measured before AdvanceTo: the segments go back to the pool there.
        var length = batch.Length;
        reader.AdvanceTo(batch.End);
        Interlocked.Add(ref _sent, length);
        WakeRoomWaiters();
        completed = result.IsCompleted;
        return true;
    }
}
