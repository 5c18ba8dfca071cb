using System.Collections.Concurrent;
using System.Threading.Channels;
using Market.Core.Bus;
using Market.Core.Fanout;
using Market.Core.Journal;
using Signals.Runtime.Deployment;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Worker;

namespace Signals.Runtime.Live;

/// <summary>
/// Drives the evaluator live from the bus, for a runtime that has no feed journals of its own (the
/// core runs elsewhere): it watches <c>{env}.*.*.*</c>, and for each feed it sees (the subject's
/// second token) follows a <see cref="RemoteJournalSubscription"/> from that first record on, so
/// drops and reconnects are filled through the core's <c>{env}.svc.journal.read</c>. Symbols are
/// learnt from the subjects' fourth token (and the service's replies) into a table per feed.
/// Evaluation runs on a thread of its own, as with <see cref="JournalTailDriver"/>.
/// </summary>
/// <remarks>Worker-isolated signals are refused here: the worker reads local journals.</remarks>
public sealed class BusEventDriver : IAsyncDisposable, IIsolatedSignals, ILiveDriver
{
    private const int Batch = 4096;
    private static readonly HashSet<string> NotFeeds = new(StringComparer.Ordinal) { "svc", "signals", Fires.SignalJournal.FeedName };
    private readonly SignalEvaluator _evaluator;
    private readonly IBus _bus;
    private readonly string _environment;
    private readonly bool _fromStart;
    private readonly CancellationTokenSource _stop = new();
    private readonly ManualResetEventSlim _released = new(initialState: true);
    private readonly Channel<FeedRecord> _records = Channel.CreateBounded<FeedRecord>(new BoundedChannelOptions(65_536) { SingleReader = true });
    private readonly ConcurrentDictionary<string, Task> _pumps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (FeedHandle Handle, LearnedSymbols Symbols)> _feeds = new(StringComparer.Ordinal);
    private IBusSubscription? _discovery;
    private Task? _discovering;
    private Task? _loop;
    private long _processed;

    /// <summary>Creates a stopped driver.</summary>
    /// <param name="evaluator">The evaluator it alone drives.</param>
    /// <param name="bus">The bus the core publishes on and answers journal reads on.</param>
    /// <param name="environment">The subjects' first token.</param>
    /// <param name="fromStart">Read each feed from sequence 1 (a backfill through the service) instead of from the first record seen.</param>
    public BusEventDriver(SignalEvaluator evaluator, IBus bus, string environment, bool fromStart = false)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(bus);
        _ = JournalReadService.Subject(environment); // a bad token fails here, not in the background
        _evaluator = evaluator;
        _bus = bus;
        _environment = environment;
        _fromStart = fromStart;
    }

    /// <summary>Records processed.</summary>
    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>The feeds seen on the bus.</summary>
    public IReadOnlyList<string> Feeds => [.. _pumps.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Always null: isolated signals are not run from the bus.</summary>
    public WorkerSignalHost? Worker => null;

    /// <summary>Completes when the loop ends; faults if evaluation failed outside a signal.</summary>
    public Task Completion => _loop ?? Task.CompletedTask;

    /// <summary>Subscribes and starts the loop on a thread of its own.</summary>
    /// <param name="holdFeeds">Apply pending loads but process no record until <see cref="ReleaseFeeds"/> (records wait on the bus side).</param>
    public void Start(bool holdFeeds = false)
    {
        if (_loop is not null) throw new InvalidOperationException("the driver is already started");
        if (holdFeeds) _released.Reset();
        // Only to learn which feeds exist: a small buffer that drops is enough.
        _discovery = _bus.Subscribe($"{_environment}.*.*.*", new SubscriptionOptions(1024, OverflowPolicy.DropOldest));
        _discovering = Task.Run(DiscoverAsync);
        _loop = Task.Factory.StartNew(Run, TaskCreationOptions.LongRunning);
    }

    /// <inheritdoc/>
    public void ReleaseFeeds() => _released.Set();

    /// <summary>Always null: this runtime has no local journals (warm-ups start empty).</summary>
    public IJournal? JournalOf(string feed) => null;

    /// <inheritdoc/>
    public Task<SignalLoadResult> ReplaceIsolatedAsync(WorkerSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return Task.FromResult(SignalLoadResult.Failed(signal.Identity.Name, "worker-isolated signals need the feed journals; this runtime follows the bus"));
    }

    /// <inheritdoc/>
    public Task<SignalStatus?> UnloadIsolatedAsync(string name) => Task.FromResult<SignalStatus?>(null);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_discovery is not null) await _discovery.DisposeAsync().ConfigureAwait(false);
        if (_discovering is not null) await _discovering.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var pump in _pumps.Values) await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_loop is not null) await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _released.Dispose();
    }

    private async Task DiscoverAsync()
    {
        var token = _stop.Token;
        await foreach (var message in _discovery!.Messages.ReadAllAsync(token).ConfigureAwait(false))
        {
            var feed = message.Subject.Split('.')[1];
            if (NotFeeds.Contains(feed) || _pumps.ContainsKey(feed)) continue;
            // From this record on (or the start): the catch-up fills whatever arrives before the pump subscribes.
            long? from = _fromStart ? 1 : FanoutHeaders.TryGetSequence(message.Headers, out var sequence) ? sequence : null;
            _pumps[feed] = Task.Run(() => PumpAsync(feed, from, token), CancellationToken.None);
        }
    }

    private async Task PumpAsync(string feed, long? from, CancellationToken token)
    {
        try
        {
            await foreach (var record in RemoteJournalSubscription.SubscribeFrom(_bus, _environment, feed, from, token).ConfigureAwait(false))
            {
                await _records.Writer.WriteAsync(record, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void Run()
    {
        var token = _stop.Token;
        var reader = _records.Reader;
        while (!token.IsCancellationRequested)
        {
            if (!_released.IsSet)
            {
                _evaluator.ApplyPending();
                _released.Wait(TimeSpan.FromMilliseconds(20));
                continue;
            }
            var read = 0;
            for (; read < Batch && reader.TryRead(out var record); read++)
            {
                var entry = record.Entry;
                var feed = FeedOf(record.Feed);
                if (record.Symbol is not null && entry.InstrumentId != 0) feed.Symbols.Learn(entry.InstrumentId, record.Symbol);
                _evaluator.Process(new EventEnvelope(feed.Handle, entry.Sequence, entry.Kind, entry.Flags, entry.InstrumentId, entry.TsEvent, entry.TsRecv, entry.Payload));
            }
            // One atomic add per round, not one per record.
            if (read != 0)
            {
                Interlocked.Add(ref _processed, read);
                continue;
            }
            // Quiet: apply swaps now rather than on the next event, then wait for records.
            _evaluator.ApplyPending();
            try
            {
                reader.WaitToReadAsync(token).AsTask().Wait(TimeSpan.FromMilliseconds(20), token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private (FeedHandle Handle, LearnedSymbols Symbols) FeedOf(string name)
    {
        if (_feeds.TryGetValue(name, out var known)) return known;
        var symbols = new LearnedSymbols();
        var feed = (_evaluator.RegisterFeed(name, symbols), symbols);
        _feeds[name] = feed;
        return feed;
    }

    /// <summary>A feed's symbols as learnt from subjects and replies; the core's ids, never reused, so learning only adds.</summary>
    private sealed class LearnedSymbols : ISymbolTable
    {
        private readonly ConcurrentDictionary<uint, string> _byId = new();
        private readonly ConcurrentDictionary<string, uint> _bySymbol = new(StringComparer.Ordinal);

        public void Learn(uint id, string symbol)
        {
            if (_byId.TryAdd(id, symbol)) _bySymbol[symbol] = id;
        }

        public bool TryGetId(string symbol, out uint id) => _bySymbol.TryGetValue(symbol, out id);

        public string? GetSymbol(uint id) => _byId.TryGetValue(id, out var symbol) ? symbol : null;

        public IReadOnlyList<KeyValuePair<uint, string>> All() => [.. _byId.OrderBy(p => p.Key)];
    }
}
