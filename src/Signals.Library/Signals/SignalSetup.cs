using Signals.Library.State;

namespace Signals.Library;

/// <summary>
/// What a signal declares in <see cref="Signal.Configure"/>: a description, subscriptions, the state
/// builders it reads, parameters, an event-time timer and a fire limit. Frozen once
/// <see cref="Signal.Configure"/> returns.
/// </summary>
public sealed class SignalSetup
{
    /// <summary>The most fires per minute of event time a signal may declare.</summary>
    public const int MaxFiresPerMinute = 600;

    private readonly IReadOnlyDictionary<string, double> _overrides;
    private readonly List<SignalSubscription> _subscriptions = [];
    private readonly List<IStateKey> _keys = [];
    private readonly List<SignalParameter> _parameters = [];
    private bool _frozen;

    /// <summary>A setup for the signal <paramref name="name"/>, with parameter overrides by name.</summary>
    /// <param name="name">The signal's name.</param>
    /// <param name="overrides">Parameter values that replace the declared defaults.</param>
    internal SignalSetup(string name, IReadOnlyDictionary<string, double>? overrides = null)
    {
        Name = name;
        _overrides = overrides ?? new Dictionary<string, double>();
    }

    /// <summary>The signal's name (its file name in the signals repository).</summary>
    public string Name { get; }

    /// <summary>What the signal looks for, in a sentence.</summary>
    public string Description { get; private set; } = "";

    /// <summary>The subscriptions declared.</summary>
    public IReadOnlyList<SignalSubscription> Subscriptions => _subscriptions;

    /// <summary>The state builders declared, in order.</summary>
    public IReadOnlyList<StateSpec> States => [.. _keys.Select(k => k.Spec)];

    /// <summary>The parameters declared, with the values in force.</summary>
    public IReadOnlyList<SignalParameter> Parameters => _parameters;

    /// <summary>The event-time timer period, or null for none.</summary>
    public TimeSpan? TimerPeriod { get; private set; }

    /// <summary>The most fires per minute of event time; more are dropped and counted.</summary>
    public int FiresPerMinute { get; private set; } = 60;

    /// <summary>The keys, for the runtime to bind to builder slots.</summary>
    internal IReadOnlyList<IStateKey> Keys => _keys;

    /// <summary>Says what the signal looks for.</summary>
    /// <param name="text">One or two sentences.</param>
    public void Describe(string text)
    {
        ThrowIfFrozen();
        ArgumentNullException.ThrowIfNull(text);
        Description = text;
    }

    /// <summary>Listens to <paramref name="kinds"/> on feeds and symbols matching the patterns.</summary>
    /// <param name="feed">A feed name or pattern (<c>*</c>, <c>?</c>).</param>
    /// <param name="symbol">A symbol or pattern.</param>
    /// <param name="kinds">The event kinds.</param>
    public void Subscribe(string feed, string symbol, EventKinds kinds = EventKinds.All)
    {
        ThrowIfFrozen();
        ArgumentException.ThrowIfNullOrEmpty(feed);
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        if ((kinds & EventKinds.All) == EventKinds.None) throw new ArgumentException("subscribe to at least one event kind", nameof(kinds));
        _subscriptions.Add(new SignalSubscription(feed, symbol, kinds & EventKinds.All));
    }

    /// <summary>Reads a shared state builder, kept per instrument and updated before the signal sees each event.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="spec">What the builder is, e.g. <c>Builders.Book()</c> or <c>Indicators.Ema(Sources.MidPrice(), 20)</c>.</param>
    /// <returns>The key to read it with in <see cref="SignalContext.State{TBuilder}(StateKey{TBuilder})"/>.</returns>
    public StateKey<TBuilder> Use<TBuilder>(StateSpec<TBuilder> spec)
        where TBuilder : StateBuilder
    {
        ThrowIfFrozen();
        ArgumentNullException.ThrowIfNull(spec);
        var key = new StateKey<TBuilder>(spec);
        _keys.Add(key);
        return key;
    }

    /// <summary>Declares a tunable number and returns the value in force (an override, else the default).</summary>
    /// <param name="name">The parameter's name, unique in the signal.</param>
    /// <param name="defaultValue">The value when nothing overrides it.</param>
    /// <param name="description">What it controls.</param>
    /// <returns>The value to use.</returns>
    public double Parameter(string name, double defaultValue, string description = "")
    {
        ThrowIfFrozen();
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_parameters.Any(p => p.Name == name)) throw new ArgumentException($"parameter '{name}' is declared twice", nameof(name));
        var value = _overrides.TryGetValue(name, out var given) ? given : defaultValue;
        _parameters.Add(new SignalParameter(name, defaultValue, value, description ?? ""));
        return value;
    }

    /// <summary>Calls <see cref="Signal.OnTimer"/> each time the event clock crosses a multiple of <paramref name="period"/>, once per instrument seen.</summary>
    /// <param name="period">At least one millisecond.</param>
    public void Every(TimeSpan period)
    {
        ThrowIfFrozen();
        if (period < TimeSpan.FromMilliseconds(1)) throw new ArgumentOutOfRangeException(nameof(period), period, "a timer period is at least 1 ms");
        TimerPeriod = period;
    }

    /// <summary>Caps fires per minute of event time (default 60); fires over the cap are dropped and counted.</summary>
    /// <param name="perMinute">1 to <see cref="MaxFiresPerMinute"/>.</param>
    public void LimitFires(int perMinute)
    {
        ThrowIfFrozen();
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(perMinute, MaxFiresPerMinute);
        FiresPerMinute = perMinute;
    }

    /// <summary>Ends the declarations: later calls throw.</summary>
    internal void Freeze() => _frozen = true;

    private void ThrowIfFrozen()
    {
        if (_frozen) throw new InvalidOperationException("declarations are made in Configure; the setup is frozen after it returns");
    }
}

/// <summary>A <see cref="StateKey{TBuilder}"/> without its type argument, for the runtime.</summary>
internal interface IStateKey
{
    StateSpec Spec { get; }

    int Slot { get; set; }
}
