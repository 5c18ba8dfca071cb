namespace Market.Core.Bus.Nats;

public sealed partial class NatsConnection
{
    private int _openBatches;
    private Action? _endBatch;

    /// <summary>
    /// Opens a run of publishes that go to the socket together, such as the records a journal tail
    /// found at once. While any batch is open, commits do not wake the writer thread; closing the
    /// last one writes everything committed on the calling thread, in one socket write (or hands it
    /// to the writer thread when that is busy or the client is reconnecting). Keep runs short:
    /// other publishers' messages wait for them too.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The connection is disposed.</exception>
    public PublishBatch BeginPublishBatch()
    {
        ThrowIfDisposed();
        Interlocked.Increment(ref _openBatches);
        return new PublishBatch(_endBatch ??= EndPublishBatch);
    }

    private void EndPublishBatch()
    {
        if (Interlocked.Decrement(ref _openBatches) != 0) return;
        lock (_writeLock)
        {
            if (!_flushRequested) return;
        }
        var connected = Volatile.Read(ref _connected).Task;
        if (!connected.IsCompletedSuccessfully || !_socketGate.TryEnter())
        {
            _flushSignal.Release();
            return;
        }
        try
        {
            if (!TryWriteCommitted(connected.Result, out _)) _flushSignal.Release();
        }
        finally
        {
            _socketGate.Exit();
        }
    }
}
