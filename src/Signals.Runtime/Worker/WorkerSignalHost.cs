using Market.Core.Journal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signals.Runtime.Compilation;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Fires;
using Signals.Runtime.Worker.Internal;

namespace Signals.Runtime.Worker;

/// <summary>
/// Sandbox layer 7: runs signals in a worker process (<c>Signals.Worker</c>) so that a stack
/// overflow, a FailFast or running out of memory in a signal kills the worker, not the host. The
/// host mirrors the loaded signals, forwards events in batches, and passes the worker's fires to
/// its <see cref="IFireSink"/> in order. When the worker dies it reads which signal was running
/// from the shared crash slot, quarantines that signal, starts a new worker, loads the others again
/// and replays what the dead worker had not finished; see <see cref="WorkerOptions.WarmupEvents"/>.
/// </summary>
/// <remarks>
/// Shaped like <see cref="SignalEvaluator"/> and single-threaded like it: <see cref="Process"/>,
/// <see cref="Flush"/>, <see cref="Load"/>, <see cref="Replace"/> and <see cref="Unload"/> are called
/// from one driver thread, and the sink is called on that thread, when a batch's answer arrives.
/// <see cref="GetStatuses"/> is safe from any thread. A dead worker is noticed, and replaced, on the
/// driver's next call that waits for it.
/// </remarks>
public sealed partial class WorkerSignalHost : ISignalHost, IAsyncDisposable
{
    private readonly FireOutlet _fires;
    private readonly ILogger _logger;
    private readonly CrashSlot _slot;
    private readonly IReadOnlySet<string> _allowed;
    private readonly List<MirroredSignal> _signals = [];
    private readonly Dictionary<int, MirroredSignal> _byTag = [];
    private readonly List<MirroredFeed> _feeds = [];
    private readonly Dictionary<string, MirroredFeed> _feedsByName = new(StringComparer.Ordinal);
    private volatile WorkerConnection _worker = null!;
    private int _nextTag;
    private bool _disposed;

    private WorkerSignalHost(IFireSink sink, WorkerOptions options, ILogger logger)
    {
        Options = options;
        _logger = logger;
        _fires = new FireOutlet(sink, logger);
        _allowed = options.AllowedAssemblies ?? SignalCompiler.AllowedAssemblies;
        _slot = CrashSlot.Create();
        _current = Rent();
    }

    /// <summary>The options in force.</summary>
    public WorkerOptions Options { get; }

    /// <summary>Times the worker died and was replaced.</summary>
    public int Restarts { get; private set; }

    /// <summary>The current worker's process id.</summary>
    public int WorkerProcessId => _worker.Pid;

    /// <summary>Events passed to <see cref="Process"/>.</summary>
    public long EventsProcessed { get; private set; }

    /// <summary>Fires passed to the sink.</summary>
    public long FiresEmitted => _fires.Emitted;

    /// <summary>Fires the sink threw on.</summary>
    public long SinkErrors => _fires.SinkErrors;

    /// <summary>Events dropped because the worker died on them twice without a signal to blame.</summary>
    public long LostEvents { get; private set; }

    /// <summary>Starts a worker and waits until it is ready.</summary>
    /// <param name="sink">Where fires go, on the driver's thread, in order.</param>
    /// <param name="options">How to run the worker; defaults when null.</param>
    /// <param name="logger">Where the host's and the worker's log lines go; none when null.</param>
    /// <returns>The host.</returns>
    /// <exception cref="FileNotFoundException">The worker or a dotnet to run it with is missing.</exception>
    /// <exception cref="InvalidOperationException">The worker did not start.</exception>
    public static WorkerSignalHost Start(IFireSink sink, WorkerOptions? options = null, ILogger<WorkerSignalHost>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        options ??= new WorkerOptions();
        options.Validate();
        var host = new WorkerSignalHost(sink, options, (ILogger?)logger ?? NullLogger.Instance);
        try
        {
            if (!host.TryLaunch()) throw new InvalidOperationException("the signal worker died while starting; see the log for its stderr");
            return host;
        }
        catch
        {
            host._worker?.Dispose();
            host._slot.Dispose();
            host._slot.Delete();
            throw;
        }
    }

    /// <inheritdoc/>
    public FeedHandle RegisterFeed(string name, ISymbolTable? symbols = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_feedsByName.TryGetValue(name, out var known))
        {
            known.Symbols = symbols ?? known.Symbols;
            return known.Handle;
        }
        if (_feeds.Count > ushort.MaxValue) throw new InvalidOperationException("too many feeds for the worker protocol");
        var feed = new MirroredFeed(new FeedHandle(_feeds.Count, name), symbols);
        _feeds.Add(feed);
        _feedsByName.Add(name, feed);
        SendFeed(_worker, feed);
        return feed.Handle;
    }

    /// <summary>Snapshots of every loaded signal, in load order: the worker's counters (since it last started) with the host's quarantines over them.</summary>
    /// <returns>The statuses; without counters when the worker does not answer.</returns>
    public IReadOnlyList<SignalStatus> GetStatuses()
    {
        var frame = new FrameBuffer(16);
        frame.Begin(FrameType.Status);
        frame.End();
        var pending = new Pending(FrameType.Statuses);
        var reported = _worker.Send(frame.Written, pending) && WorkerConnection.Wait(pending) ? (SignalStatus[])pending.Result! : [];
        lock (_signals)
        {
            var statuses = new List<SignalStatus>(_signals.Count);
            foreach (var mirror in _signals)
            {
                var status = Array.Find(reported, s => s.Name == mirror.Signal.Name && s.Commit == mirror.Signal.Identity.Commit);
                if (status is not null) mirror.LastStatus = status;
                status ??= mirror.LastStatus ?? new SignalStatus(mirror.Signal.Identity, SignalState.Running, 0, 0, 0, 0, null, null, TimeSpan.Zero, 0, 0);
                if (mirror.HostQuarantine is { } why) status = status with { State = SignalState.Quarantined, QuarantineReason = why, LastError = why };
                else if (mirror.WorkerQuarantine is { } reason) status = status with { State = SignalState.Quarantined, QuarantineReason = reason };
                statuses.Add(status);
            }
            return statuses;
        }
    }

    /// <summary>Delivers what is in flight, asks the worker to exit, and removes the crash slot.</summary>
    /// <returns>Completes when the worker has exited.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            FlushCore();
        }
        catch (InvalidOperationException ex)
        {
            Log.ShutdownFlushFailed(_logger, ex);
        }
        var worker = _worker;
        worker.Shutdown();
        await Task.Run(() => worker.WaitForExit(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        worker.Dispose();
        _slot.Dispose();
        _slot.Delete();
    }

    private MirroredSignal? Find(string name)
    {
        lock (_signals) return _signals.Find(s => s.Signal.Name == name);
    }

    private void OnWorkerQuarantined(string name, string reason)
    {
        lock (_signals)
        {
            if (_signals.Find(s => s.Signal.Name == name) is { } mirror) mirror.WorkerQuarantine ??= reason;
        }
        Log.WorkerQuarantined(_logger, name, reason);
    }

    private static partial class Log
    {
        [LoggerMessage(201, LogLevel.Error, "Signal worker {Pid} died ({Reason}); quarantining {Signal}")]
        public static partial void DiedIn(ILogger logger, int pid, string reason, string signal);

        [LoggerMessage(202, LogLevel.Error, "Signal worker {Pid} died ({Reason}) outside any signal's code")]
        public static partial void DiedUnattributed(ILogger logger, int pid, string reason);

        [LoggerMessage(203, LogLevel.Warning, "Signal worker restarted as {Pid}; {Signals} signals reloaded, {Warmup} warm-up and {InFlight} lost batches replayed")]
        public static partial void Restarted(ILogger logger, int pid, int signals, int warmup, int inFlight);

        [LoggerMessage(204, LogLevel.Error, "Batch {Batch} ({Events} events) dropped: the worker died on it twice with no signal to blame")]
        public static partial void BatchDropped(ILogger logger, long batch, int events);

        [LoggerMessage(205, LogLevel.Error, "Signal {Signal} could not be loaded into the restarted worker: {Error}")]
        public static partial void ReloadFailed(ILogger logger, string signal, string error);

        [LoggerMessage(207, LogLevel.Warning, "Signal {Signal} quarantined by the worker: {Reason}")]
        public static partial void WorkerQuarantined(ILogger logger, string signal, string reason);

        [LoggerMessage(208, LogLevel.Warning, "Events still in flight at shutdown could not be delivered")]
        public static partial void ShutdownFlushFailed(ILogger logger, Exception exception);
    }
}
