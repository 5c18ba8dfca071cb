using Market.Core.Feeds;
using Market.Core.Feeds.Connectors;
using Market.Core.Journal;

namespace Market.Core.Hosting;

/// <summary>
/// One feed's recording end, the same for the sim, real venues and captures: its journal
/// (<see cref="MmapJournal"/> under <c>{data}/{env}/{feed}</c>) and writer, its
/// <see cref="DeadLetterStore"/>, its <see cref="FeedMetrics"/>, and the sink that journals events
/// with counts, gap records and periodic book checkpoints.
/// </summary>
/// <remarks>
/// The sink and <see cref="Commit"/> belong to one thread at a time (the feed's loop), like the
/// writer underneath; the figures (<see cref="Events"/>, <see cref="Status"/>) may be read from any.
/// </remarks>
public sealed class FeedRecorder : IDisposable
{
    private readonly RecordingSink _sink;
    private readonly IJournalWriter _writer;
    private readonly TimeProvider _time;
    private readonly Lock _statusGate = new();
    private long _lastStatusAt;
    private long _lastStatusEvents;
    private bool _disposed;

    private FeedRecorder(FeedRecorderOptions options, MmapJournal journal, IJournalWriter writer, DeadLetterStore deadLetters, TimeProvider time)
    {
        Options = options;
        Journal = journal;
        _writer = writer;
        DeadLetters = deadLetters;
        _time = time;
        _sink = new RecordingSink(writer, options.Checkpoints, options.CheckSequences);
        MeteredSink = new MetricsSink(_sink, Metrics);
        _lastStatusAt = time.GetTimestamp();
    }

    /// <summary>Opens (creating if needed) the feed's journal, its writer and its dead-letter store.</summary>
    /// <param name="options">Where and how; validated here.</param>
    /// <param name="time">The clock of the journal and of the status' rates; null for the system clock.</param>
    /// <exception cref="ArgumentException">A setting cannot work.</exception>
    /// <exception cref="JournalException">The journal cannot be opened (e.g. another process writes it).</exception>
    public static FeedRecorder Open(FeedRecorderOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        time ??= TimeProvider.System;
        var journal = MmapJournal.Open(options.JournalDirectory, options.Journal, create: true, time);
        IJournalWriter? writer = null;
        try
        {
            writer = journal.OpenWriter();
            return new FeedRecorder(options, journal, writer, new DeadLetterStore(options.JournalDirectory, options.Feed), time);
        }
        catch
        {
            writer?.Dispose();
            journal.Dispose();
            throw;
        }
    }

    /// <summary>What this recorder was opened with.</summary>
    public FeedRecorderOptions Options { get; }

    /// <summary>The feed's name.</summary>
    public string Feed => Options.Feed;

    /// <summary>The feed's journal.</summary>
    public IJournal Journal { get; }

    /// <summary>Where rejected and oversized messages go.</summary>
    public DeadLetterStore DeadLetters { get; }

    /// <summary>The feed's counters: connectors add messages and reconnects, <see cref="MeteredSink"/> events and lag.</summary>
    public FeedMetrics Metrics { get; } = new();

    /// <summary>The journaling sink, for connectors that count into <see cref="Metrics"/> themselves.</summary>
    public IMarketEventSink Sink => _sink;

    /// <summary>The journaling sink behind a <see cref="MetricsSink"/> on <see cref="Metrics"/>, for sources that do not count.</summary>
    public IMarketEventSink MeteredSink { get; }

    /// <summary>Records journaled since open (venue snapshots and checkpoints included).</summary>
    public long Events => _sink.Events;

    /// <summary>Periodic book checkpoints written since open.</summary>
    public long Checkpoints => _sink.Checkpoints;

    /// <summary>Instruments whose sequence jumped (with <see cref="FeedRecorderOptions.CheckSequences"/>); the driver resyncs them and clears the list.</summary>
    internal List<uint> ResyncWanted => _sink.ResyncWanted;

    /// <summary>Ends a batch of appends (a venue message, a sim burst): durable per the journal's durability setting.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _writer.Commit();
    }

    /// <summary>The feed's figures now; events per second are over the time since the previous call.</summary>
    /// <param name="kind">The feed's connector kind.</param>
    /// <param name="state">Its source's state.</param>
    /// <param name="published">Records its publisher has published.</param>
    /// <param name="error">Why it failed, if it did.</param>
    public FeedStatus Status(string kind, FeedState state, long published, string? error = null)
    {
        lock (_statusGate)
        {
            // Downstream figures first: read after them, events are never behind what was published.
            var last = Journal.LastSequence;
            var now = _time.GetTimestamp();
            var events = Events;
            var seconds = _time.GetElapsedTime(_lastStatusAt, now).TotalSeconds;
            var rate = seconds > 0 ? (events - _lastStatusEvents) / seconds : 0;
            _lastStatusAt = now;
            _lastStatusEvents = events;
            return new FeedStatus(Feed, kind, state, events, rate, Nanos(Metrics.LagP50), Nanos(Metrics.LagP99), _sink.Gaps,
                Metrics.Reconnects, DeadLetters.Total, _sink.Bytes, published, last, error);
        }
    }

    private static long Nanos(TimeSpan? lag) => lag is { } value ? value.Ticks * 100 : 0;

    /// <summary>Commits and closes the writer, the dead-letter store and the journal.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _writer.Dispose();
        DeadLetters.Dispose();
        Journal.Dispose();
    }
}
