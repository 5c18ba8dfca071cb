using Market.Core.Bus;
using Market.Core.Fanout.Internal;
using Market.Core.Journal;

namespace Market.Core.Fanout;

/// <summary>
/// Tails one journal and publishes every record on <c>{env}.{feed}.{kind}.{symbol}</c> with
/// <see cref="RecordCodec"/> payloads and <see cref="FanoutHeaders"/>. The journal stays the system
/// of record: a record is published only after it is in the journal, which is what lets
/// the replay merge (<c>JournalReplayMerge</c>) fill any hole on the bus from the journal.
/// </summary>
/// <remarks>
/// Restarting without loss or duplicates: start the new publisher at the old one's
/// <see cref="LastPublishedSequence"/> + 1. A publish cut short by cancellation does not count as
/// published, so at worst that record goes out twice across a restart, never zero times.
/// </remarks>
public sealed partial class JournalPublisher : IAsyncDisposable
{
    private readonly IJournal _journal;
    private readonly IBus _bus;
    private readonly SubjectCache _subjects;
    private readonly long? _startSequence;
    private readonly CancellationTokenSource _stop = new();
    private byte[] _buffer = new byte[4096];
    private readonly BusHeaders _headers;
    private Task? _loop;
    private int _disposed;
    private long _published;
    private long _lastPublished;

    /// <summary>Creates a stopped publisher; call <see cref="Start"/>.</summary>
    /// <param name="journal">The journal to tail; its <see cref="IJournal.Feed"/> is the subject's feed token.</param>
    /// <param name="bus">Where records go.</param>
    /// <param name="environment">The subject's first token, such as <c>prod</c>.</param>
    /// <param name="startSequence">The first sequence to publish; null publishes only records appended after <see cref="Start"/>.</param>
    /// <exception cref="ArgumentException">The environment or feed is not a single subject token, or the start is below 1.</exception>
    public JournalPublisher(IJournal journal, IBus bus, string environment, long? startSequence = null)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(bus);
        if (startSequence is < 1) throw new ArgumentOutOfRangeException(nameof(startSequence), startSequence, "sequences start at 1");
        // Fails now, not in the background loop, when env or feed cannot form a subject.
        _ = MarketSubjects.For(environment, journal.Feed, "trade", FanoutSubjects.FeedWideSymbol);
        _journal = journal;
        _bus = bus;
        _startSequence = startSequence;
        _subjects = new SubjectCache(environment, journal.Feed, journal.Symbols);
        _headers = FanoutHeaders.Create(journal.Feed, 1);
    }

    /// <summary>Records published so far.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>The sequence of the last record published; 0 before the first.</summary>
    public long LastPublishedSequence => Interlocked.Read(ref _lastPublished);

    /// <summary>The running loop: completes when stopped or cancelled, faults if publishing failed.</summary>
    public Task Completion => _loop ?? Task.CompletedTask;

    /// <summary>
    /// Positions at the start sequence (or the journal's end) before returning, so every record
    /// appended after this call is published, then runs the tail loop in the background until
    /// <paramref name="cancellationToken"/> fires or <see cref="StopAsync"/> is called.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_loop is not null) throw new InvalidOperationException("the publisher is already started; create a new one to restart");
        var reader = _journal.OpenReader();
        if (_startSequence is { } start) reader.SeekToSequence(start);
        else reader.SeekToEnd();
        var from = _startSequence ?? reader.NextSequence;
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        _loop = Task.Run(() => RunAsync(reader, from, linked), CancellationToken.None);
    }

    /// <summary>Stops the loop and waits for it; rethrows what made it fail, if anything did.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Completion.ConfigureAwait(false);
    }

    /// <summary>Stops the loop; a failure stays observable on <see cref="Completion"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        await Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
