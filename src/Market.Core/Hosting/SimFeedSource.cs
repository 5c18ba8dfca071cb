using Market.Core.Feeds.Connectors;
using Market.Core.Feeds.Sim;
using Signals.Library;

namespace Market.Core.Hosting;

/// <summary>The simulated venue's driver: paces messages to the rate, stamps receive times, resyncs gapped books, commits per burst.</summary>
internal sealed class SimFeedSource : FeedSource
{
    // Events between commits when running flat out: big enough to amortise, small enough for readers to see progress.
    private const long MaxBatch = 16_384;

    private readonly long _rate;
    private readonly long? _maxEvents;
    private readonly TimeProvider _time;

    /// <param name="recorder">Where events go; it must check sequences (the sim's sequence is per instrument).</param>
    /// <param name="options">The venue's seed, symbols and faults.</param>
    /// <param name="rate">Events per second; 0 is as fast as possible.</param>
    /// <param name="maxEvents">Stop after this many events; null runs until stopped.</param>
    /// <param name="time">The clock for receive times and pacing.</param>
    public SimFeedSource(FeedRecorder recorder, SimOptions options, long rate, long? maxEvents, TimeProvider time)
    {
        Recorder = recorder;
        _rate = rate;
        _maxEvents = maxEvents;
        _time = time;
        var deadLetters = recorder.DeadLetters;
        Venue = new SimVenue(options, recorder.MeteredSink, (raw, reason, detail, ts) => deadLetters.Add(raw, reason, detail, ts));
    }

    public override FeedRecorder Recorder { get; }

    /// <summary>The simulated venue, to inject faults.</summary>
    public SimVenue Venue { get; }

    public override FeedState State => base.State == FeedState.Streaming && Venue.IsStale ? FeedState.Stale : base.State;

    public override async Task RunAsync(CancellationToken stop)
    {
        var recorder = Recorder;
        var started = _time.GetTimestamp();
        long produced = 0;
        SetState(FeedState.Streaming, "simulating");
        try
        {
            while (!stop.IsCancellationRequested && (_maxEvents is not { } max || produced < max))
            {
                var due = _rate == 0 ? produced + MaxBatch : (long)(_time.GetElapsedTime(started).TotalSeconds * _rate);
                due = Math.Min(due, produced + MaxBatch);
                if (_maxEvents is { } limit) due = Math.Min(due, limit);
                if (due <= produced)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(1), _time, stop).ConfigureAwait(false);
                    continue;
                }
                var tsRecv = UnixNanos.FromDateTimeOffset(_time.GetUtcNow());
                while (produced < due && !stop.IsCancellationRequested)
                {
                    var events = Venue.Next(tsRecv);
                    if (events == 0 && Venue.IsStale)
                    {
                        produced = due; // quiet on purpose: no burst of catch-up when the period ends
                        break;
                    }
                    produced += events;
                    foreach (var id in recorder.ResyncWanted) produced += Venue.Resync(id, tsRecv) ? 1 : 0;
                    recorder.ResyncWanted.Clear();
                }
                recorder.Commit();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: commit below.
        }
        finally
        {
            recorder.Commit();
            SetState(FeedState.Stopped, stop.IsCancellationRequested ? "stopped by owner" : $"produced {produced} events");
        }
    }
}
