using System.Collections.Concurrent;
using Market.Core.Journal;
using Signals.Runtime.Deployment;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Worker;

namespace Signals.Runtime.Live;

/// <summary>
/// Drives the evaluator live from the feed journals themselves: one tailing reader per feed under
/// <c>{data}/{env}</c> (any process may read a journal), new feeds picked up as they appear. The
/// journal is the system of record, so a runtime that starts late or falls behind loses nothing:
/// it reads on from where it is. Runs the evaluator on its own thread and applies pending swaps
/// whenever the feeds are quiet.
/// </summary>
/// <remarks>
/// Signals isolated in a worker process (sandbox layer 7) get the same records through a
/// <see cref="WorkerSignalHost"/> started on first use; everything that touches it runs on this
/// driver's thread (<see cref="IIsolatedSignals"/> calls are queued here).
/// </remarks>
public sealed class JournalTailDriver : IAsyncDisposable, IIsolatedSignals, ILiveDriver
{
    private const int BatchPerFeed = 4096;
    private readonly SignalEvaluator _evaluator;
    private readonly string _environmentDirectory;
    private readonly bool _fromStart;
    private readonly IReadOnlySet<string> _excluded;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Tail> _tails = [];
    private readonly ManualResetEventSlim _released = new(initialState: true);
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly Func<WorkerSignalHost>? _startWorker;
    private WorkerSignalHost? _worker;
    private Task? _loop;
    private long _lastScan;

    /// <summary>Creates a stopped driver.</summary>
    /// <param name="evaluator">The evaluator it alone drives.</param>
    /// <param name="dataDirectory">The data directory.</param>
    /// <param name="environment">The environment whose feeds it reads.</param>
    /// <param name="fromStart">Read each journal from its first record (a backfill) instead of its end.</param>
    /// <param name="excluded">Folders that are not market feeds (the signal journal).</param>
    /// <param name="startWorker">Starts the worker process for isolated signals, on first use; null refuses isolation.</param>
    public JournalTailDriver(SignalEvaluator evaluator, string dataDirectory, string environment, bool fromStart = false, IReadOnlySet<string>? excluded = null,
        Func<WorkerSignalHost>? startWorker = null)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        _evaluator = evaluator;
        _startWorker = startWorker;
        _environmentDirectory = Path.Combine(dataDirectory, environment);
        _fromStart = fromStart;
        _excluded = excluded ?? new HashSet<string>(StringComparer.Ordinal) { Fires.SignalJournal.FeedName };
    }

    /// <summary>Records processed.</summary>
    public long Processed => Interlocked.Read(ref _processed);

    private long _processed;

    /// <summary>The feeds being read.</summary>
    public IReadOnlyList<string> Feeds
    {
        get
        {
            lock (_tails) return [.. _tails.Select(t => t.Feed.Name)];
        }
    }

    /// <summary>Completes when the loop ends; faults if evaluation failed outside a signal.</summary>
    public Task Completion => _loop ?? Task.CompletedTask;

    /// <summary>Starts the loop on a thread of its own.</summary>
    /// <param name="holdFeeds">
    /// Apply pending loads but read no feed until <see cref="ReleaseFeeds"/>: a backfill from the
    /// start must not run past events before the first signals are in.
    /// </param>
    public void Start(bool holdFeeds = false)
    {
        if (_loop is not null) throw new InvalidOperationException("the driver is already started");
        if (holdFeeds) _released.Reset();
        _loop = Task.Factory.StartNew(Run, TaskCreationOptions.LongRunning);
    }

    /// <summary>Lets a held driver (<see cref="Start"/>) read the feeds.</summary>
    public void ReleaseFeeds() => _released.Set();

    /// <summary>The journal of a feed this driver reads, for warm-ups; null when unknown.</summary>
    /// <param name="feed">The feed's name.</param>
    /// <returns>The journal.</returns>
    public IJournal? JournalOf(string feed)
    {
        lock (_tails) return _tails.FirstOrDefault(t => t.Feed.Name == feed)?.Journal;
    }

    /// <summary>The worker host, once an isolated signal has started it; read its statuses only.</summary>
    public WorkerSignalHost? Worker => Volatile.Read(ref _worker);

    /// <inheritdoc/>
    public Task<SignalLoadResult> ReplaceIsolatedAsync(WorkerSignal signal) => OnDriverThread(() => EnsureWorker().Replace(signal.Name, signal));

    /// <inheritdoc/>
    public Task<SignalStatus?> UnloadIsolatedAsync(string name) => OnDriverThread(() => _worker?.Unload(name));

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_worker is not null) await _worker.DisposeAsync().ConfigureAwait(false);
        while (_posted.TryDequeue(out var abandoned)) abandoned();
        lock (_tails)
        {
            foreach (var tail in _tails)
            {
                tail.Reader.Dispose();
                tail.Journal.Dispose();
            }
            _tails.Clear();
        }
        _stop.Dispose();
        _released.Dispose();
    }

    private void Run()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            if (!_released.IsSet)
            {
                _evaluator.ApplyPending();
                RunPosted();
                _released.Wait(TimeSpan.FromMilliseconds(20));
                continue;
            }
            Scan();
            long read = 0;
            Tail[] tails;
            lock (_tails) tails = [.. _tails];
            foreach (var tail in tails)
            {
                for (var n = 0; n < BatchPerFeed && tail.Reader.TryRead(out var record); n++)
                {
                    _evaluator.Process(new EventEnvelope(tail.Feed, in record));
                    _worker?.Process(new EventEnvelope(tail.WorkerFeed!.Value, in record));
                    read++;
                }
            }
            // One atomic add per round, not one per record.
            if (read != 0) Interlocked.Add(ref _processed, read);
            RunPosted();
            if (read != 0) continue;
            // Quiet: apply swaps now rather than on the next event, hand the worker its partial batch, then wait for data.
            _evaluator.ApplyPending();
            _worker?.Flush();
            if (tails.Length > 0) tails[0].Reader.WaitForData(TimeSpan.FromMilliseconds(20), token);
            else token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(20));
        }
    }

    /// <summary>Opens journals that appeared since the last look (at most every 500 ms).</summary>
    private void Scan()
    {
        var now = Environment.TickCount64;
        if (now - _lastScan < 500) return;
        _lastScan = now;
        if (!Directory.Exists(_environmentDirectory)) return;
        foreach (var directory in Directory.GetDirectories(_environmentDirectory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(directory);
            if (_excluded.Contains(name) || !File.Exists(Path.Combine(directory, "journal.meta"))) continue;
            lock (_tails)
            {
                if (_tails.Any(t => t.Feed.Name == name)) continue;
            }
            MmapJournal journal;
            try
            {
                journal = MmapJournal.Open(directory);
            }
            catch (Exception e) when (e is IOException or JournalException)
            {
                continue; // half-created; the next scan tries again
            }
            var reader = journal.OpenReader();
            if (!_fromStart) reader.SeekToEnd();
            var feed = _evaluator.RegisterFeed(name, journal.Symbols);
            var tail = new Tail(feed, journal, reader) { WorkerFeed = _worker?.RegisterFeed(name, journal.Symbols) };
            lock (_tails) _tails.Add(tail);
        }
    }

    private Task<T> OnDriverThread<T>(Func<T> action)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _posted.Enqueue(() =>
        {
            try
            {
                if (_stop.IsCancellationRequested) done.TrySetCanceled();
                else done.TrySetResult(action());
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });
        return done.Task;
    }

    private void RunPosted()
    {
        while (_posted.TryDequeue(out var action)) action();
    }

    /// <summary>Starts the worker on first use and tells it every feed already being read.</summary>
    private WorkerSignalHost EnsureWorker()
    {
        if (_worker is not null) return _worker;
        var worker = (_startWorker ?? throw new InvalidOperationException("this runtime runs no worker process; isolation is off"))();
        lock (_tails)
        {
            foreach (var tail in _tails) tail.WorkerFeed = worker.RegisterFeed(tail.Feed.Name, tail.Journal.Symbols);
        }
        Volatile.Write(ref _worker, worker);
        return worker;
    }

    private sealed record Tail(FeedHandle Feed, MmapJournal Journal, IJournalReader Reader)
    {
        public FeedHandle? WorkerFeed { get; set; }
    }
}
