using System.Threading.Channels;

namespace Market.Core.Bus.Internal;

/// <summary>
/// A queue holding at most one pending message per subject. A newer message replaces the pending
/// one in its place in the queue, so a reader sees subjects in the order they first became pending.
/// </summary>
internal sealed class LatestPerSubjectQueue : ChannelReader<BusMessage>, ISubscriberQueue
{
    private readonly object _gate = new();
    private readonly LinkedList<BusMessage> _order = new();
    private readonly Dictionary<string, LinkedListNode<BusMessage>> _bySubject = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _capacity;
    private TaskCompletionSource<bool>? _waiter;
    private bool _completed;
    private Exception? _error;
    private long _dropped;

    public LatestPerSubjectQueue(int capacity) => _capacity = capacity;

    public ChannelReader<BusMessage> Reader => this;

    public long Dropped => Volatile.Read(ref _dropped);

    public override Task Completion => _completion.Task;

    public override bool CanCount => true;

    public override int Count
    {
        get { lock (_gate) return _order.Count; }
    }

    public ValueTask<bool> WriteAsync(BusMessage message, CancellationToken cancellationToken)
    {
        TaskCompletionSource<bool>? wake;
        lock (_gate)
        {
            if (_completed) return new ValueTask<bool>(false);
            if (_bySubject.TryGetValue(message.Subject, out var pending))
            {
                pending.Value = message;
                _dropped++;
                return new ValueTask<bool>(true);
            }
            if (_order.Count >= _capacity)
            {
                var oldest = _order.First!;
                _order.RemoveFirst();
                _bySubject.Remove(oldest.Value.Subject);
                _dropped++;
            }
            _bySubject[message.Subject] = _order.AddLast(message);
            wake = _waiter;
            _waiter = null;
        }
        wake?.TrySetResult(true);
        return new ValueTask<bool>(true);
    }

    public override bool TryRead(out BusMessage item)
    {
        lock (_gate)
        {
            var first = _order.First;
            if (first is null)
            {
                item = null!;
                return false;
            }
            _order.RemoveFirst();
            _bySubject.Remove(first.Value.Subject);
            if (_completed && _order.Count == 0) CompleteDrained();
            item = first.Value;
            return true;
        }
    }

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        Task<bool> task;
        lock (_gate)
        {
            if (_order.Count > 0) return new ValueTask<bool>(true);
            if (_completed) return _error is null ? new ValueTask<bool>(false) : ValueTask.FromException<bool>(_error);
            _waiter ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            task = _waiter.Task;
        }
        return new ValueTask<bool>(task.WaitAsync(cancellationToken));
    }

    public void Complete(Exception? error = null)
    {
        TaskCompletionSource<bool>? wake;
        lock (_gate)
        {
            if (_completed) return;
            _completed = true;
            _error = error;
            if (_order.Count == 0) CompleteDrained();
            wake = _waiter;
            _waiter = null;
        }
        if (error is null) wake?.TrySetResult(false);
        else wake?.TrySetException(error);
    }

    // Caller holds _gate.
    private void CompleteDrained()
    {
        if (_error is null) _completion.TrySetResult();
        else _completion.TrySetException(_error);
    }
}
