namespace Market.Core.Fanout;

public sealed partial class JournalPublisher
{
    private readonly Lock _waitersGate = new();
    private readonly List<(long Sequence, TaskCompletionSource Done)> _waiters = [];
    private long _nextWaitTarget = long.MaxValue;

    /// <summary>Completes once <paramref name="sequence"/> (and everything before it) has been published.</summary>
    /// <remarks>
    /// The loop stores its progress with a full fence and then reads the lowest waiting target; a
    /// waiter stores its target with a full fence and then reads the progress. Whichever comes
    /// second sees the other, so no wake-up is lost and the loop pays one read per record.
    /// </remarks>
    public Task WaitForPublishedAsync(long sequence, CancellationToken cancellationToken = default)
    {
        if (LastPublishedSequence >= sequence) return Task.CompletedTask;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersGate)
        {
            _waiters.Add((sequence, done));
            Interlocked.Exchange(ref _nextWaitTarget, Math.Min(_nextWaitTarget, sequence));
        }
        ReleaseWaiters(LastPublishedSequence);
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Called by the loop after each publish: cheap unless someone waits for this far.</summary>
    private void OnPublished(long sequence)
    {
        if (sequence >= Volatile.Read(ref _nextWaitTarget)) ReleaseWaiters(sequence);
    }

    private void ReleaseWaiters(long published)
    {
        lock (_waitersGate)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Sequence > published) continue;
                _waiters[i].Done.TrySetResult();
                _waiters.RemoveAt(i);
            }
            Volatile.Write(ref _nextWaitTarget, _waiters.Count == 0 ? long.MaxValue : _waiters.Min(w => w.Sequence));
        }
    }
}
