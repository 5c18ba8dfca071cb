using Market.Core.Feeds;
using Market.Core.Tests.Support;
using Signals.Library;

namespace Market.Core.Tests.Feeds.Connectors;

/// <summary>A <see cref="RecordingSink"/> that can say when its contents meet a condition, so tests await events instead of sleeping.</summary>
public sealed class ObservedSink : IMarketEventSink
{
    private readonly Lock _gate = new();
    private (Func<RecordingSink, bool> Condition, TaskCompletionSource Done)? _watch;

    public RecordingSink Recorded { get; } = new();

    /// <summary>Completes once the recorded events satisfy <paramref name="condition"/>.</summary>
    public Task When(Func<RecordingSink, bool> condition)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (condition(Recorded)) return Task.CompletedTask;
            _watch = (condition, done);
        }
        return done.Task;
    }

    public uint Instrument(ReadOnlySpan<byte> symbolUtf8) => Recorded.Instrument(symbolUtf8);
    public void Trade(in Trade trade) => After(Recorded.Trades.Add, trade);
    public void Delta(in BookDelta delta, bool endOfBatch) => After(Recorded.Deltas.Add, (delta, endOfBatch));
    public void Snapshot(in BookSnapshot snapshot) => After(Recorded.Snapshots.Add, snapshot);
    public void Quote(in Quote quote) => After(Recorded.Quotes.Add, quote);
    public void Gap(in Gap gap) => After(Recorded.Gaps.Add, gap);

    private void After<T>(Action<T> record, T value)
    {
        lock (_gate)
        {
            record(value);
            if (_watch is { } watch && watch.Condition(Recorded))
            {
                _watch = null;
                watch.Done.TrySetResult();
            }
        }
    }
}
