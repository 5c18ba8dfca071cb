using Market.Core.Bus;
using Market.Core.Fanout;
using Market.Core.Feeds;
using Market.Core.Feeds.Sim;
using Market.Core.Hosting;
using Market.Core.Journal;

namespace Market.Core.Pipeline;

/// <summary>
/// Everything in one process on embedded defaults: a simulated venue → a <see cref="FeedRecorder"/>
/// (gap detection and book checkpoints, the same recorder <c>deepwater core</c> uses) → an <see cref="MmapJournal"/> under
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
    private FeedRecorder? _recorder;
    private SimFeedSource? _source;
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
    public IJournal? Journal => _recorder?.Journal;

    /// <summary>The journal's directory, <c>{data}/{env}/{feed}</c>.</summary>
    public string JournalDirectory => MmapJournal.PathFor(_options.DataDirectory, _options.Environment, _options.Feed);

    /// <summary>The simulated venue, to inject faults; null before <see cref="Start"/>.</summary>
    public SimVenue? Venue => _source?.Venue;

    /// <summary>Completes when the venue stops producing (<see cref="EmbeddedPipelineOptions.MaxEvents"/> reached or stopped); faults if recording failed.</summary>
    public Task Completion => _pump ?? Task.CompletedTask;

    /// <summary>Opens the journal, starts the publisher at the journal's end, then starts the venue.</summary>
    /// <param name="cancellationToken">Stops the venue when cancelled; call <see cref="StopAsync"/> to shut down.</param>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start(CancellationToken cancellationToken = default)
    {
        if (_recorder is not null) throw new InvalidOperationException("the pipeline is already started");
        _recorder = FeedRecorder.Open(new FeedRecorderOptions(_options.DataDirectory, _options.Environment, _options.Feed, _options.Checkpoints, _options.Journal,
            CheckSequences: FeedSources.RecorderChecksSequences("sim")), _time);
        _source = new SimFeedSource(_recorder, _options.Sim ?? new SimOptions(), _options.Rate, _options.MaxEvents, _time);
        _publisher = new JournalPublisher(_recorder.Journal, Bus, _options.Environment, _recorder.Journal.LastSequence + 1);
        _publisher.Start();
        _recorder.Status("sim", _source.State, 0); // starts the first rate window now
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var source = _source;
        _pump = Task.Run(async () =>
        {
            try
            {
                await source.RunAsync(linked.Token).ConfigureAwait(false);
            }
            finally
            {
                linked.Dispose();
            }
        }, CancellationToken.None);
    }

    /// <summary>
    /// Stops the venue, commits the journal, waits (up to <paramref name="drainTimeout"/>, default 10 s)
    /// for the publisher to publish every record, then stops it. Rethrows a recording or publishing failure.
    /// </summary>
    public async Task StopAsync(TimeSpan? drainTimeout = null)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0 || _recorder is null) return;
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
        if (_source is not null) await _source.DisposeAsync().ConfigureAwait(false);
        _recorder?.Dispose();
        if (_ownsBus) await Bus.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task DrainAsync(TimeSpan timeout)
    {
        var caughtUp = _publisher!.WaitForPublishedAsync(_recorder!.Journal.LastSequence);
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
