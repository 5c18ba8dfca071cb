using Market.Core.Journal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signals.Library;
using Signals.Library.Sandbox;
using Signals.Runtime.Evaluation.Internal;
using Signals.Runtime.Fires;

namespace Signals.Runtime.Evaluation;

/// <summary>
/// Runs loaded signals over market events on one thread: decodes each event once, updates the
/// shared state builders, then calls each subscribed signal, under per-call fuel, allocation and
/// wall-clock budgets. Failures are contained per signal; a signal that keeps failing is
/// quarantined while the others carry on. The same events and signal versions give the same fires.
/// </summary>
/// <remarks>
/// Single-threaded: <see cref="Process"/>, <see cref="Load"/>, <see cref="Unload"/> and
/// <see cref="Replace(string, SignalDefinition)"/> are called from the evaluator's thread. Other threads use the
/// <c>Request…</c> methods, applied before the next event, and <see cref="GetStatuses"/>.
/// </remarks>
public sealed partial class SignalEvaluator : ISignalHost, IDisposable
{
    private readonly FireOutlet _fires;
    private readonly ILogger _logger;
    private readonly Watchdog _watchdog;
    private readonly List<FeedState> _feeds = [];
    private readonly Dictionary<string, FeedState> _feedsByName = new(StringComparer.Ordinal);
    private readonly List<SignalFire> _pendingFires = [];
    private SignalRuntime[] _signals = [];
    private SignalRuntime[] _timed = [];
    private int _version;
    private int _loads;

    /// <summary>Creates an evaluator that passes fires to <paramref name="sink"/>.</summary>
    /// <param name="sink">Where fires go, on this evaluator's thread, in order.</param>
    /// <param name="options">Budgets and limits; defaults when null.</param>
    /// <param name="logger">Where signal log lines and failures go; none when null.</param>
    public SignalEvaluator(IFireSink sink, EvaluatorOptions? options = null, ILogger<SignalEvaluator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        options ??= new EvaluatorOptions();
        options.Validate();
        Options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _fires = new FireOutlet(sink, _logger);
        _watchdog = new Watchdog(options.WallClockPerCall);
    }

    /// <summary>The budgets and limits in force.</summary>
    public EvaluatorOptions Options { get; }

    /// <summary>Told around every call into a signal's code; null (the default) for none.</summary>
    public ISignalCallObserver? CallObserver { get; init; }

    /// <summary>The shared state builders.</summary>
    public StateGraph Graph { get; } = new();

    /// <summary>Events processed.</summary>
    public long EventsProcessed { get; private set; }

    /// <summary>Events skipped because their payload did not decode.</summary>
    public long BadPayloads { get; private set; }

    /// <summary>Fires passed to the sink, all signals together.</summary>
    public long FiresEmitted => _fires.Emitted;

    /// <summary>Fires the sink threw on.</summary>
    public long SinkErrors => _fires.SinkErrors;

    /// <summary>The event clock: the latest receive time seen (never moves back), UTC ns.</summary>
    public long Clock { get; private set; } = long.MinValue;

    /// <summary>Metered calls the wall-clock watchdog stopped.</summary>
    public long WatchdogDrains => Interlocked.Read(ref _watchdog.Drains);

    /// <summary>Registers a feed (again: the same handle) with the table that names its instruments.</summary>
    /// <param name="name">The feed's name, as subscriptions match it.</param>
    /// <param name="symbols">Instrument id to symbol; null names instruments <c>#id</c>.</param>
    /// <returns>The handle events of this feed carry.</returns>
    public FeedHandle RegisterFeed(string name, ISymbolTable? symbols = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_feedsByName.TryGetValue(name, out var known))
        {
            known.Symbols = symbols ?? known.Symbols;
            return known.Handle;
        }
        var feed = new FeedState(new FeedHandle(_feeds.Count, name), symbols);
        _feeds.Add(feed);
        _feedsByName.Add(name, feed);
        return feed.Handle;
    }

    /// <summary>Loads a signal version: creates it and runs its Configure under the budgets; a failure leaves nothing loaded.</summary>
    /// <param name="definition">The version to load; its name must not be loaded already.</param>
    /// <returns>Whether it loaded, and why not.</returns>
    public SignalLoadResult Load(SignalDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (Find(definition.Name) is not null) return SignalLoadResult.Failed(definition.Name, $"'{definition.Name}' is already loaded; replace it instead");
        if (!TryCreate(definition, out var runtime, out var error)) return SignalLoadResult.Failed(definition.Name, error);
        SetSignals([.. _signals, runtime]);
        Log.Loaded(_logger, definition.Name, definition.Identity.Commit);
        return SignalLoadResult.Ok(definition.Name);
    }

    /// <summary>Unloads a signal; its builders go when no other signal reads them.</summary>
    /// <param name="name">The signal's name.</param>
    /// <returns>Its final status, or null when it was not loaded.</returns>
    public SignalStatus? Unload(string name)
    {
        var runtime = Find(name);
        if (runtime is null) return null;
        runtime.State = SignalState.Unloaded;
        SetSignals([.. _signals.Where(s => s != runtime)]);
        Log.Unloaded(_logger, name);
        return runtime.Snapshot();
    }

    /// <summary>
    /// Replaces a loaded signal with a new version between two events: the new version is created
    /// and configured first, and when that fails the old one keeps running. Shared builders keep
    /// their state across the swap.
    /// </summary>
    /// <param name="name">The loaded signal's name; the definition must carry the same name.</param>
    /// <param name="definition">The new version.</param>
    /// <returns>Whether the new version is loaded, and why not.</returns>
    public SignalLoadResult Replace(string name, SignalDefinition definition) => Replace(name, definition, null);

    /// <summary>
    /// Replaces (or loads) a signal between two events, then warms the builders the new version
    /// added by replaying recent history from <paramref name="warmup"/>.
    /// </summary>
    /// <param name="name">The signal's name.</param>
    /// <param name="definition">The new version.</param>
    /// <param name="warmup">Where recent records come from, and how far back; null for no warm-up.</param>
    /// <returns>Whether the new version is loaded, and why not.</returns>
    public SignalLoadResult Replace(string name, SignalDefinition definition, Warmup? warmup)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Name != name) return SignalLoadResult.Failed(name, $"the new version is named '{definition.Name}', not '{name}'");
        var old = Find(name);
        if (old is null)
        {
            var loaded = Load(definition);
            if (loaded.Loaded && warmup is not null) WarmNewBuilders(warmup);
            return loaded;
        }
        if (!TryCreate(definition, out var runtime, out var error)) return SignalLoadResult.Failed(name, error);
        old.State = SignalState.Unloaded;
        SetSignals([.. _signals.Select(s => s == old ? runtime : s)]);
        Log.Replaced(_logger, name, old.Identity.Commit, definition.Identity.Commit);
        if (warmup is not null) WarmNewBuilders(warmup);
        return SignalLoadResult.Ok(name);
    }

    /// <summary>Nothing to wait for: fires reach the sink during <see cref="Process"/>.</summary>
    public void Flush()
    {
    }

    /// <summary>Snapshots of every loaded signal, in load order. Safe from any thread.</summary>
    /// <returns>The statuses.</returns>
    public IReadOnlyList<SignalStatus> GetStatuses() => [.. Volatile.Read(ref _signals).Select(s => s.Snapshot())];

    /// <summary>One loaded signal's status. Safe from any thread.</summary>
    /// <param name="name">The signal's name.</param>
    /// <returns>The status, or null when not loaded.</returns>
    public SignalStatus? GetStatus(string name) => Find(name)?.Snapshot();

    /// <summary>Stops the watchdog thread.</summary>
    public void Dispose() => _watchdog.Dispose();

    private SignalRuntime? Find(string name)
    {
        foreach (var s in Volatile.Read(ref _signals))
        {
            if (s.Identity.Name == name) return s;
        }
        return null;
    }

    private void SetSignals(SignalRuntime[] signals)
    {
        Volatile.Write(ref _signals, signals);
        _timed = [.. signals.Where(s => s.TimerPeriod > 0 && s.State == SignalState.Running)];
        _nextTimerDue = long.MinValue;
        // Routes are rebuilt lazily, each on its next event.
        _version++;
    }

    private bool TryCreate(SignalDefinition definition, out SignalRuntime runtime, out string error)
    {
        runtime = null!;
        Signal? signal = null;
        SignalSetup? setup = null;
        var failure = Guarded(definition.Meter, definition.Tag, () =>
        {
            signal = definition.Factory() ?? throw new InvalidOperationException("the factory returned null");
            setup = new SignalSetup(definition.Name, definition.Parameters);
            signal.Configure(setup);
        });
        if (failure is not null)
        {
            error = $"Configure failed: {failure}";
            Log.LoadFailed(_logger, definition.Name, error);
            return false;
        }
        setup!.Freeze();
        if (setup.Subscriptions.Count == 0)
        {
            error = "Configure declared no subscription: call setup.Subscribe";
            return false;
        }
        try
        {
            Graph.Bind(setup);
        }
        catch (Exception ex)
        {
            error = $"a state builder could not be created: {ex.GetType().Name}: {ex.Message}";
            Log.LoadFailed(_logger, definition.Name, error);
            return false;
        }
        runtime = new SignalRuntime(this, definition, signal!, setup, _loads++);
        if (definition.Meter is { } meter) _watchdog.Register(runtime.Order, meter);
        error = "";
        return true;
    }

    /// <summary>Runs load-time signal code under the same fuel, allocation and wall-clock budgets as a handler.</summary>
    private string? Guarded(FuelMeter? meter, int tag, Action action)
    {
        var observer = CallObserver;
        string? failure = null;
        if (meter is not null)
        {
            meter.Refill(Options.FuelPerCall);
            _watchdog.Begin(meter);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            observer?.Entering(tag);
            action();
        }
        catch (Exception ex)
        {
            failure = Describe(ex, meter);
        }
        finally
        {
            observer?.Left();
            if (meter is not null) _watchdog.End();
        }
        if (failure is null && meter is { IsExhausted: true }) failure = $"budget: {meter.ExhaustedBecause}";
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (failure is null && allocated > Options.AllocationBytesPerCall) failure = AllocationFailure(allocated);
        return failure;
    }

    private string AllocationFailure(long allocated) => $"budget: allocated {allocated:N0} bytes in one call; the limit is {Options.AllocationBytesPerCall:N0}";

    private static string Describe(Exception ex, FuelMeter? meter) =>
        meter is { IsExhausted: true } ? $"budget: {meter.ExhaustedBecause ?? ex.Message}"
        : ex is SignalBudgetExceededException ? $"budget: {ex.Message}"
        : $"{ex.GetType().Name}: {ex.Message}";

    /// <summary>A registered feed and its routes by instrument id.</summary>
    private sealed class FeedState(FeedHandle handle, ISymbolTable? symbols)
    {
        public FeedHandle Handle { get; } = handle;

        public ISymbolTable? Symbols { get; set; } = symbols;

        public InstrumentRoute?[] Routes = new InstrumentRoute?[64];

        /// <summary>The last sequence processed from this feed: where a warm-up stops.</summary>
        public long LastSequence;
    }
}
