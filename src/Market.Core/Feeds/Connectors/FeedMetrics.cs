using Signals.Library;

namespace Market.Core.Feeds.Connectors;

/// <summary>
/// A feed's counters, written by its connection's loop and read by anyone (status tools, tests):
/// counts are <see cref="Interlocked"/>, the lag window is behind a lock.
/// </summary>
public sealed partial class FeedMetrics
{
    private readonly long[] _eventsByKind = new long[(int)EventKind.SignalFire + 1];
    private long _messages;
    private long _bytes;
    private long _parseRejects;
    private long _deadLetters;
    private long _reconnects;
    private long _gaps;
    private long _resyncs;
    private long _lastMessageTicks;

    /// <summary>Creates empty counters keeping lag samples of the last <paramref name="lagWindow"/> events.</summary>
    public FeedMetrics(int lagWindow = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lagWindow, 1);
        _lags = new long[lagWindow];
    }

    /// <summary>Messages received.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Bytes received (message payloads).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Messages the parser rejected (malformed, unknown).</summary>
    public long ParseRejects => Interlocked.Read(ref _parseRejects);

    /// <summary>Messages dead-lettered for any reason (parse rejects and oversized).</summary>
    public long DeadLetters => Interlocked.Read(ref _deadLetters);

    /// <summary>Connection attempts after the first (failed ones included).</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Venue sequence gaps detected.</summary>
    public long Gaps => Interlocked.Read(ref _gaps);

    /// <summary>Resubscriptions made to get a fresh snapshot after a gap.</summary>
    public long Resyncs => Interlocked.Read(ref _resyncs);

    /// <summary>When the last message arrived, or null before the first.</summary>
    public DateTimeOffset? LastMessageAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastMessageTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Events emitted of one kind.</summary>
    public long Events(EventKind kind) => (uint)kind < (uint)_eventsByKind.Length ? Interlocked.Read(ref _eventsByKind[(int)kind]) : 0;

    /// <summary>Counts a received message of <paramref name="length"/> bytes at <paramref name="at"/>.</summary>
    public void RecordMessage(int length, DateTimeOffset at)
    {
        Interlocked.Increment(ref _messages);
        Interlocked.Add(ref _bytes, length);
        Interlocked.Exchange(ref _lastMessageTicks, at.UtcTicks);
    }

    /// <summary>Counts an event and samples its lag (<paramref name="tsRecv"/> − <paramref name="tsEvent"/>, ns).</summary>
    public void RecordEvent(EventKind kind, long tsEvent, long tsRecv)
    {
        Interlocked.Increment(ref _eventsByKind[(int)kind]);
        if (tsEvent > 0) SampleLag(tsRecv - tsEvent);
    }

    /// <summary>Counts a parse reject (it is dead-lettered too).</summary>
    public void RecordParseReject()
    {
        Interlocked.Increment(ref _parseRejects);
        Interlocked.Increment(ref _deadLetters);
    }

    /// <summary>Counts a message dead-lettered for a reason other than parsing (e.g. oversized).</summary>
    public void RecordDeadLetter() => Interlocked.Increment(ref _deadLetters);

    /// <summary>Counts a reconnect.</summary>
    public void RecordReconnect() => Interlocked.Increment(ref _reconnects);

    /// <summary>Counts a sequence gap.</summary>
    public void RecordGap() => Interlocked.Increment(ref _gaps);

    /// <summary>Counts a resubscription for a fresh snapshot.</summary>
    public void RecordResync() => Interlocked.Increment(ref _resyncs);
}
