using System.Text;

namespace Market.Core.Feeds.Capture;

/// <summary>
/// Re-ingests a recorded capture (the formats in <c>shared/data</c>) through a venue's parser, at
/// the original pace, N× or full speed, for reproducible demos and tests. Rejects go to the
/// dead-letter store and the replay goes on.
/// </summary>
/// <remarks>
/// Pacing follows the frames' own <c>ts</c>: each frame is due at the replay's start plus its
/// recorded offset divided by the speed, awaited on the injected <see cref="TimeProvider"/>, so a
/// slow sink does not accumulate drift and a test clock sees exactly the capture's span. Raw lines
/// (Kalshi samples: one message per line, no envelope) carry no recorded time, so they are not
/// paced and are stamped with the clock's now.
/// </remarks>
/// <param name="time">The replay's clock; null means the system clock.</param>
public sealed partial class CaptureReplayer(TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Replays the capture at <paramref name="path"/> into <paramref name="sink"/>.</summary>
    /// <param name="path">The capture file.</param>
    /// <param name="venue">Whose parser reads the frames.</param>
    /// <param name="sink">Where the events go.</param>
    /// <param name="deadLetters">Where malformed lines and rejected messages go.</param>
    /// <param name="options">Speed and stamping; null means full speed with recorded times.</param>
    /// <param name="cancellationToken">Stops the replay (it throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>What the replay did.</returns>
    public Task<CaptureReplaySummary> ReplayAsync(
        string path, CaptureVenue venue, IMarketEventSink sink, DeadLetterStore deadLetters,
        CaptureReplayOptions? options = null, CancellationToken cancellationToken = default) =>
        ReplayAsync(path, venue, sink, deadLetters, options, afterFrame: null, cancellationToken);

    /// <summary>Replays as the other overload does, calling <paramref name="afterFrame"/> after each frame is parsed.</summary>
    /// <param name="path">The capture file.</param>
    /// <param name="venue">Whose parser reads the frames.</param>
    /// <param name="sink">Where the events go.</param>
    /// <param name="deadLetters">Where malformed lines and rejected messages go.</param>
    /// <param name="options">Speed and stamping; null means full speed with recorded times.</param>
    /// <param name="afterFrame">Called on the replay's thread after each venue message, where a recorder commits its batch; null for none.</param>
    /// <param name="cancellationToken">Stops the replay (it throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>What the replay did.</returns>
    public async Task<CaptureReplaySummary> ReplayAsync(
        string path, CaptureVenue venue, IMarketEventSink sink, DeadLetterStore deadLetters,
        CaptureReplayOptions? options, Action? afterFrame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(deadLetters);
        options = (options ?? new CaptureReplayOptions()).Validate();
        var parser = VenueParser.For(venue);
        var counted = new CountingSink(sink);
        var started = _time.GetUtcNow();
        long frames = 0, rejects = 0, firstTs = -1, lastTs = -1, number = 0;
        string? connection = null;
        foreach (var text in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            cancellationToken.ThrowIfCancellationRequested();
            if (text.Length == 0) continue;
            var line = Encoding.UTF8.GetBytes(text);
            if (!CaptureLine.TryParse(line, out var frame, out var error))
            {
                rejects++;
                deadLetters.Add(line, "malformed-capture-line", $"{path}:{number}: {error}", NowNanos());
                continue;
            }
            ReadOnlySpan<byte> message = line;
            string? depthSymbol = null;
            var tsRecv = 0L;
            if (frame is null)
            {
                tsRecv = NowNanos();
            }
            else
            {
                depthSymbol = venue == CaptureVenue.Binance && frame.Type == "http" ? CaptureLine.DepthSymbol(frame.Url) : null;
                if (frame.Type != "recv" && depthSymbol is null) continue;
                if (frame.Type == "recv" && connection != frame.Connection)
                {
                    // A new connection starts a new sequence: what a live feed does after a reconnect.
                    if (connection is not null) parser.Reset();
                    connection = frame.Connection;
                }
                if (firstTs < 0) firstTs = frame.TsRecv;
                lastTs = frame.TsRecv;
                await PaceAsync(started, frame.TsRecv - firstTs, options.Speed, cancellationToken).ConfigureAwait(false);
                message = frame.Data;
                tsRecv = options.StampNow ? NowNanos() : frame.TsRecv;
            }
            frames++;
            var outcome = depthSymbol is not null
                ? parser.ApplyDepthSnapshot(message, Encoding.UTF8.GetBytes(depthSymbol), tsRecv, counted, out var reason)
                : parser.Parse(message, tsRecv, counted, out reason);
            if (outcome == ParseOutcome.Rejected)
            {
                rejects++;
                deadLetters.Add(message, reason, $"{path}:{number}", tsRecv);
            }
            afterFrame?.Invoke();
        }
        return new CaptureReplaySummary(frames, counted.Trades, counted.Deltas, counted.Snapshots, counted.Quotes, counted.Gaps, rejects,
            TimeSpan.FromTicks(firstTs < 0 ? 0 : (lastTs - firstTs) / 100), _time.GetUtcNow() - started);
    }

    private long NowNanos() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>Waits until the frame is due: its recorded offset divided by the speed after the replay's start.</summary>
    private async ValueTask PaceAsync(DateTimeOffset started, long offsetNanos, double speed, CancellationToken cancellationToken)
    {
        if (speed == 0) return;
        var due = started + TimeSpan.FromTicks((long)(offsetNanos / 100 / speed));
        var wait = due - _time.GetUtcNow();
        if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
    }
}
