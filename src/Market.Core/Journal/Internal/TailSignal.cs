namespace Market.Core.Journal.Internal;

/// <summary>
/// Wakes readers waiting for new records. The writer (one per journal) bumps a version after every
/// publish and takes the lock only when someone is waiting; waiters spin briefly, then block.
/// </summary>
/// <remarks>
/// The writer must not miss a waiter that registered just as it published, and the append path
/// cannot afford a fence per record. So the fence is asymmetric: a waiter registers, then issues a
/// process-wide barrier (<see cref="Interlocked.MemoryBarrierProcessWide"/>) before it looks at the
/// version again. After that barrier either the writer's new version is visible to the waiter, or
/// the writer's later read of the waiter count sees the registration. Only blocking waiters pay.
/// </remarks>
internal sealed class TailSignal
{
    private readonly object _gate = new();
    private long _version;
    private int _waiters;
    private TaskCompletionSource? _async;

    /// <summary>Changes whenever something was published.</summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>Called by the writer after publishing one or more records.</summary>
    public void Notify()
    {
        Volatile.Write(ref _version, _version + 1);
        if (Volatile.Read(ref _waiters) == 0) return;
        TaskCompletionSource? toRelease;
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
            toRelease = _async;
            _async = null;
        }
        toRelease?.TrySetResult();
    }

    /// <summary>Blocks until <see cref="Version"/> differs from <paramref name="seen"/> or the timeout passes.</summary>
    public bool Wait(long seen, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var spinner = new SpinWait();
        for (var i = 0; i < 50; i++)
        {
            if (Version != seen) return true;
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        var deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        Interlocked.Increment(ref _waiters);
        Interlocked.MemoryBarrierProcessWide();
        try
        {
            using var registration = cancellationToken.CanBeCanceled
                ? cancellationToken.UnsafeRegister(static s => ((TailSignal)s!).WakeAll(), this)
                : default;
            lock (_gate)
            {
                while (Version == seen)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var remaining = deadline - Environment.TickCount64;
                    if (remaining <= 0) return false;
                    Monitor.Wait(_gate, (int)Math.Min(remaining, int.MaxValue));
                }
            }
            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }
    }

    /// <summary>Completes when <see cref="Version"/> differs from <paramref name="seen"/>.</summary>
    public async ValueTask WaitAsync(long seen, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiters);
        Interlocked.MemoryBarrierProcessWide();
        try
        {
            while (Version == seen)
            {
                Task task;
                lock (_gate)
                {
                    if (Version != seen) return;
                    _async ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    task = _async.Task;
                }
                await task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }
    }

    private void WakeAll()
    {
        lock (_gate) Monitor.PulseAll(_gate);
    }

    /// <summary>
    /// Completes when <paramref name="hasData"/> holds. An in-process writer wakes the waiter
    /// directly; a writer in another process cannot, so then it looks again every millisecond.
    /// </summary>
    public static async ValueTask WaitUntilAsync(JournalShared shared, Func<bool> hasData, CancellationToken cancellationToken)
    {
        var signal = shared.Signal;
        while (true)
        {
            var seen = signal.Version;
            if (hasData()) return;
            if (shared.WriterOpen) await signal.WaitAsync(seen, cancellationToken).ConfigureAwait(false);
            else await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        }
    }
}
