using Market.Core.Feeds.Capture;
using Market.Core.Feeds.Connectors;

namespace Market.Core.Hosting;

/// <summary>A capture feed: re-ingests a recorded capture through its venue's parser at the configured speed, committing per frame; ends with the file.</summary>
internal sealed class CaptureFeedSource : FeedSource
{
    private readonly string _path;
    private readonly CaptureVenue _venue;
    private readonly CaptureReplayOptions _options;
    private readonly TimeProvider _time;

    /// <param name="recorder">Where the events go.</param>
    /// <param name="path">The capture file (absolute).</param>
    /// <param name="venue">Whose parser reads it.</param>
    /// <param name="speed">1 the original pace, N× faster, 0 full speed.</param>
    /// <param name="time">The pacing clock.</param>
    public CaptureFeedSource(FeedRecorder recorder, string path, CaptureVenue venue, double speed, TimeProvider time)
    {
        Recorder = recorder;
        _path = path;
        _venue = venue;
        // Recorded receive times, not now: a replayed capture lands in the journal where it happened, reproducibly.
        _options = new CaptureReplayOptions(speed).Validate();
        _time = time;
    }

    public override FeedRecorder Recorder { get; }

    /// <summary>What the replay did, once it has ended.</summary>
    public CaptureReplaySummary? Summary { get; private set; }

    public override async Task RunAsync(CancellationToken stop)
    {
        SetState(FeedState.Streaming, $"replaying {_path} at {(_options.Speed == 0 ? "full speed" : $"{_options.Speed}x")}");
        var reason = "stopped by owner";
        try
        {
            Summary = await new CaptureReplayer(_time).ReplayAsync(_path, _venue, Recorder.MeteredSink, Recorder.DeadLetters, _options, Recorder.Commit, stop).ConfigureAwait(false);
            reason = $"capture replayed: {Summary.Frames} frames, {Summary.Rejects} rejects";
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: commit below.
        }
        finally
        {
            Recorder.Commit();
            SetState(FeedState.Stopped, reason);
        }
    }
}
