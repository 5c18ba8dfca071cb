using Microsoft.Extensions.Logging;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Worker.Internal;

namespace Signals.Runtime.Worker;

public sealed partial class WorkerSignalHost
{
    private readonly Queue<(EventBatch Batch, Pending Reply)> _inFlight = new();
    private readonly Queue<EventBatch> _window = new();
    private readonly Stack<EventBatch> _pool = new();
    private EventBatch _current;
    private long _windowEvents;
    private long _nextBatch;

    /// <summary>
    /// Adds an event to the current batch; sends the batch when full, first waiting (and delivering
    /// fires) while <see cref="WorkerOptions.MaxBatchesInFlight"/> batches are out.
    /// </summary>
    /// <param name="envelope">The event.</param>
    public void Process(in EventEnvelope envelope)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var id = envelope.InstrumentId;
        if (id != 0)
        {
            var feed = _feeds[envelope.Feed.Index];
            if (!feed.IsKnown(id)) Learn(feed, id);
        }
        _current.Add(in envelope);
        EventsProcessed++;
        if (_current.Count >= Options.BatchEvents || _current.Frame.Length >= Options.BatchBytes) SendBatch();
    }

    /// <summary>Sends the current batch and waits until every batch is answered and its fires are in the sink.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        FlushCore();
    }

    private void FlushCore()
    {
        SendBatch();
        while (_inFlight.Count != 0) CompleteOldest();
    }

    /// <summary>
    /// The symbol as the host's table names it when the instrument is first seen, which is when the
    /// in-process evaluator reads it too; sent ahead of the batch that uses it.
    /// </summary>
    private void Learn(MirroredFeed feed, uint id)
    {
        feed.MarkKnown(id);
        if (feed.Symbols?.GetSymbol(id) is not { } symbol) return;
        feed.Sent.Add((id, symbol));
        SendSymbol(_worker, feed, id, symbol);
    }

    private void SendBatch()
    {
        if (_current.Count == 0) return;
        var batch = _current;
        batch.Seal(_nextBatch++);
        _current = Rent();
        while (_inFlight.Count >= Options.MaxBatchesInFlight) CompleteOldest();
        var reply = new Pending(FrameType.Ack, batch.Sequence);
        _inFlight.Enqueue((batch, reply));
        // A dead worker is noticed when this batch's answer is awaited.
        _worker.Send(batch.Frame.Written, reply);
    }

    /// <summary>Waits for the oldest batch, delivers its fires and keeps it for warm-up; restarts a dead worker.</summary>
    private void CompleteOldest()
    {
        var (batch, reply) = _inFlight.Peek();
        if (!WorkerConnection.Wait(reply))
        {
            Recover();
            return;
        }
        _inFlight.Dequeue();
        _consecutiveRestarts = 0;
        if (reply.Fires is { } fires)
        {
            foreach (var fire in fires) _fires.Deliver(in fire);
        }
        Retain(batch);
    }

    private void Retain(EventBatch batch)
    {
        _window.Enqueue(batch);
        _windowEvents += batch.Count;
        while (_windowEvents > Options.WarmupEvents && _window.Count != 0)
        {
            var old = _window.Dequeue();
            _windowEvents -= old.Count;
            Return(old);
        }
    }

    private EventBatch Rent()
    {
        if (_pool.TryPop(out var batch))
        {
            batch.Reset();
            return batch;
        }
        return new EventBatch(Math.Min(Options.BatchBytes + 1024, 1 << 20));
    }

    private void Return(EventBatch batch)
    {
        // A pool of a few batches is enough: the window is the only place many are held.
        if (_pool.Count < Options.MaxBatchesInFlight + 2) _pool.Push(batch);
    }
}
