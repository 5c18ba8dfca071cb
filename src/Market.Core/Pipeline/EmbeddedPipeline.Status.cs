namespace Market.Core.Pipeline;

/// <summary>The figures the status view shows.</summary>
public sealed partial class EmbeddedPipeline
{
    private readonly Lock _statusGate = new();
    private long _lastStatusAt;
    private long _lastStatusEvents;

    /// <summary>The feed's figures now; events per second are over the time since the previous call (since start on the first).</summary>
    /// <exception cref="InvalidOperationException">Not started.</exception>
    public FeedStatus Status()
    {
        var sink = _sink ?? throw new InvalidOperationException("the pipeline is not started");
        lock (_statusGate)
        {
            // Downstream figures first: read after them, events are never behind what was published.
            var published = _publisher!.Published;
            var last = _journal!.LastSequence;
            var now = _time.GetTimestamp();
            var events = sink.Events;
            var seconds = _time.GetElapsedTime(_lastStatusAt, now).TotalSeconds;
            var rate = seconds > 0 ? (events - _lastStatusEvents) / seconds : 0;
            _lastStatusAt = now;
            _lastStatusEvents = events;
            return new FeedStatus(_options.Feed, events, rate, sink.LagP50(), sink.Gaps, _deadLetters!.Total, sink.Bytes,
                published, last, _venue!.IsStale);
        }
    }
}
