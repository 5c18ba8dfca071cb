using Market.Core.Bus;
using Market.Core.Fanout;
using Market.Core.Feeds;
using Market.Core.Feeds.Sim;
using Market.Core.Journal;

namespace Market.Core.Pipeline;

/// <summary>
/// Everything in one process on embedded defaults: a simulated venue → <see cref="JournalEventSink"/>
/// (with gap detection and book checkpoints) → an <see cref="MmapJournal"/> under
/// <c>{data}/{env}/{feed}</c> → a <see cref="JournalPublisher"/> onto a bus (an
/// <see cref="InProcessBus"/> unless one is given). The journal is written first; the bus only fans out.
/// </summary>
/// <remarks>
/// Shutdown order: stop the venue, commit the writer, let the publisher drain what is in the
/// journal, stop it, then close writer, dead letters and journal. Malformed sim messages go to the
/// feed's <see cref="DeadLetterStore"/>; a sequence gap is recorded as a gap and the book resynced.
/// </remarks>
public sealed partial class EmbeddedPipeline : IAsyncDisposable
{
    private readonly EmbeddedPipelineOptions _options;
    private readonly TimeProvider _time;
    private readonly bool _ownsBus;
    private readonly CancellationTokenSource _stop = new();
    private MmapJournal? _journal;
    private IJournalWriter? _writer;
    private DeadLetterStore? _deadLetters;
    private RecordingSink? _sink;
    private SimVenue? _venue;
    private JournalPublisher? _publisher;
    private Task? _pump;
    private int _stopped;

    /// <summary>Creates a stopped pipeline; call <see cref="Start"/>.</summary>
    /// <param name="options">What to run; validated here.</param>
    /// <param name="bus">The bus to publish on; null creates an in-process bus this pipeline owns.</param>
    /// <param name="time">The clock for receive times and pacing; null for the system clock.</param>
    public EmbeddedPipeline(EmbeddedPipelineOptions options, IBus? bus = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
        _time = time ?? TimeProvider.System;
        _ownsBus = bus is null;
        Bus = bus ?? new InProcessBus();
    }

    /// <summary>The bus records are published on.</summary>
    public IBus Bus { get; }

    /// <summary>The feed's journal; null before <see cref="Start"/>.</summary>
    public IJournal? Journal => _journal;

    /// <summary>The journal's directory, <c>{data}/{env}/{feed}</c>.</summary>
    public string JournalDirectory => MmapJournal.PathFor(_options.DataDirectory, _options.Environment, _options.Feed);

    /// <summary>The simulated venue, to inject faults; null before <see cref="Start"/>.</summary>
    public SimVenue? Venue => _venue;

    /// <summary>Completes when the venue stops producing (<see cref="EmbeddedPipelineOptions.MaxEvents"/> reached or stopped); faults if recording failed.</summary>
    public Task Completion => _pump ?? Task.CompletedTask;

    /// <summary>Opens the journal, starts the publisher at the journal's end, then starts the venue.</summary>
    /// <param name="cancellationToken">Stops the venue when cancelled; call <see cref="StopAsync"/> to shut down.</param>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start(CancellationToken cancellationToken = default)
    {
        if (_journal is not null) throw new InvalidOperationException("the pipeline is already started");
        _journal = MmapJournal.Open(JournalDirectory, _options.Journal, create: true, _time);
        _writer = _journal.OpenWriter();
        _deadLetters = new DeadLetterStore(JournalDirectory, _options.Feed);
        _sink = new RecordingSink(_writer, _options.Checkpoints);
        var deadLetters = _deadLetters;
        _venue = new SimVenue(_options.Sim ?? new SimOptions(), _sink, (raw, reason, detail, ts) => deadLetters.Add(raw, reason, detail, ts));
        _publisher = new JournalPublisher(_journal, Bus, _options.Environment, _journal.LastSequence + 1);
        _publisher.Start();
        _lastStatusAt = _time.GetTimestamp();
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        _pump = Task.Run(() => PumpAsync(linked), CancellationToken.None);
    }

    /// <summary>
    /// Stops the venue, commits the journal, waits (up to <paramref name="drainTimeout"/>, default 10 s)
    /// for the publisher to publish every record, then stops it. Rethrows a recording or publishing failure.
    /// </summary>
    public async Task StopAsync(TimeSpan? drainTimeout = null)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0 || _journal is null) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Completion.ConfigureAwait(false);
        }
        finally
        {
            await DrainAsync(drainTimeout ?? TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await _publisher!.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops as <see cref="StopAsync"/> does, swallowing failures, and closes everything.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or JournalException)
        {
            // Disposal must still close the files; StopAsync is where callers see failures.
        }
        if (_publisher is not null) await _publisher.DisposeAsync().ConfigureAwait(false);
        _writer?.Dispose();
        _deadLetters?.Dispose();
        _journal?.Dispose();
        if (_ownsBus) await Bus.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task DrainAsync(TimeSpan timeout)
    {
        var caughtUp = _publisher!.WaitForPublishedAsync(_journal!.LastSequence);
        try
        {
            await Task.WhenAny(caughtUp, _publisher.Completion).WaitAsync(timeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // What was not published stays in the journal; subscribers catch up from there.
        }
    }
}
