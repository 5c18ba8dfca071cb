using System.Diagnostics;
using Signals.Library;
using Signals.Library.Sandbox;

namespace Signals.Runtime.Evaluation.Internal;

/// <summary>
/// One loaded signal version: the instance, its frozen setup and context, its counters, and the
/// output its context fires into (validation and the event-time rate limits live here).
/// </summary>
internal sealed class SignalRuntime : ISignalOutput
{
    private const long NanosPerMinute = 60_000_000_000;

    private readonly SignalEvaluator _evaluator;
    private readonly long[] _failureRing;
    private long _failureCount;
    private long _fireMinute = long.MinValue;
    private int _firesThisMinute;
    private long _logMinute = long.MinValue;
    private int _logsThisMinute;
    private long _suppressedThisMinute;

    public SignalRuntime(SignalEvaluator evaluator, SignalDefinition definition, Signal signal, SignalSetup setup, int order)
    {
        _evaluator = evaluator;
        Definition = definition;
        Identity = definition.Identity;
        Signal = signal;
        Setup = setup;
        Meter = definition.Meter;
        Order = order;
        Tag = definition.Tag;
        Context = new SignalContext(Identity.Name, this);
        TimerPeriod = setup.TimerPeriod is { } period ? period.Ticks * 100 : 0;
        (_handledKinds, HandlesBookChanged) = Overrides(signal.GetType());
        _failureRing = new long[evaluator.Options.QuarantineWindowFailures];
    }

    public SignalDefinition Definition { get; }

    public SignalIdentity Identity { get; }

    public Signal Signal { get; }

    public SignalSetup Setup { get; }

    public SignalContext Context { get; }

    public FuelMeter? Meter { get; }

    /// <summary>Load order, which is dispatch order.</summary>
    public int Order { get; }

    /// <summary>The definition's tag, for the call observer.</summary>
    public readonly int Tag;

    public SignalState State;
    public string? QuarantineReason;
    public long Events;
    public long Fires;
    public long DroppedFires;
    public long Errors;
    public string? LastError;
    public long TimeTicks;
    public long SuppressedLogLines;
    public long SkippedTimerPeriods;

    /// <summary>The evaluator event number of the last event counted in <see cref="Events"/>.</summary>
    public long LastEvent = -1;

    /// <summary>The evaluator event number of the last failing event.</summary>
    public long LastFailedEvent = -1;

    public int ConsecutiveFailures;

    /// <summary>A fault the current call caused without throwing it out (an invalid fire it caught).</summary>
    public string? CallFault;

    /// <summary>True while a handler of this signal runs, so a context kept past its call cannot fire.</summary>
    public bool InCall;

    private readonly int _handledKinds;

    /// <summary>Whether the signal overrides <see cref="Signal.OnBookChanged"/>.</summary>
    public readonly bool HandlesBookChanged;

    /// <summary>
    /// Whether the signal overrides the handler of <paramref name="kind"/>: calling the base no-op
    /// would cost a budgeted call (fuel refill, watchdog, allocation reading) and do nothing.
    /// </summary>
    public bool Handles(EventKind kind) => (_handledKinds & (1 << (int)kind)) != 0;

    /// <summary>The event kinds whose handler the type overrides (as bits of <see cref="EventKind"/>), and whether it overrides OnBookChanged.</summary>
    private static (int Kinds, bool BookChanged) Overrides(Type type)
    {
        // Not cached by type: a static cache would keep collectible signal assemblies alive.
        var kinds = 0;
        var bookChanged = false;
        foreach (var method in type.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            if (method.DeclaringType == typeof(Signal) || method.GetBaseDefinition().DeclaringType != typeof(Signal)) continue;
            switch (method.Name)
            {
                case nameof(Signal.OnTrade): kinds |= 1 << (int)EventKind.Trade; break;
                case nameof(Signal.OnBookDelta): kinds |= 1 << (int)EventKind.BookDelta; break;
                case nameof(Signal.OnBookSnapshot): kinds |= 1 << (int)EventKind.BookSnapshot; break;
                case nameof(Signal.OnQuote): kinds |= 1 << (int)EventKind.Quote; break;
                case nameof(Signal.OnStatus): kinds |= 1 << (int)EventKind.InstrumentStatus; break;
                case nameof(Signal.OnGap): kinds |= 1 << (int)EventKind.Gap; break;
                case nameof(Signal.OnBookChanged): bookChanged = true; break;
            }
        }
        return (kinds, bookChanged);
    }

    /// <summary>Timer period in ns; 0 for none.</summary>
    public long TimerPeriod;

    /// <summary>The next timer boundary; <see cref="long.MinValue"/> until the first event after load sets it.</summary>
    public long NextTimer = long.MinValue;

    /// <summary>Routes the signal has seen, in first-seen order: where its timer ticks.</summary>
    public List<InstrumentRoute> Seen { get; } = [];

    public HashSet<InstrumentRoute> SeenSet { get; } = [];

    public SignalStatus Snapshot() => new(
        Identity, State, Events, Fires, DroppedFires, Errors, LastError, QuarantineReason,
        TimeSpan.FromSeconds((double)TimeTicks * _evaluator.Options.TimingSampleEvery / Stopwatch.Frequency),
        SuppressedLogLines, SkippedTimerPeriods);

    /// <summary>Counts one failing event; returns the quarantine reason when the policy trips.</summary>
    public string? RecordFailure(long eventNumber, string error, bool fatal)
    {
        Errors++;
        LastError = error;
        if (fatal) return error;
        if (LastFailedEvent == eventNumber) return null;
        LastFailedEvent = eventNumber;
        ConsecutiveFailures++;
        var options = _evaluator.Options;
        if (ConsecutiveFailures >= options.QuarantineAfterConsecutiveFailures)
        {
            return $"{ConsecutiveFailures} consecutive failing events; last: {error}";
        }
        // The ring holds the signal's event count at its last N failures: N failures inside the window trip it.
        var at = (int)(_failureCount++ % _failureRing.Length);
        var oldest = _failureRing[(at + 1) % _failureRing.Length];
        _failureRing[at] = Events;
        if (_failureCount >= _failureRing.Length && Events - (_failureRing.Length == 1 ? Events : oldest) < options.QuarantineWindowEvents)
        {
            return $"{_failureRing.Length} failing events within {options.QuarantineWindowEvents}; last: {error}";
        }
        return null;
    }

    public void Fire(SignalContext context, FireKind kind, Side side, string message, ReadOnlySpan<FireField> fields)
    {
        if (!InCall) throw new InvalidOperationException("fire from inside a handler; the context is only valid during the call");
        var problem = FireProblem(message, fields);
        if (problem is not null)
        {
            // Recorded even if the signal catches the exception: a bad fire is the signal's error.
            CallFault ??= problem;
            throw new ArgumentException(problem, nameof(message));
        }
        var minute = context.Now / NanosPerMinute;
        if (minute != _fireMinute)
        {
            _fireMinute = minute;
            _firesThisMinute = 0;
        }
        if (_firesThisMinute >= Setup.FiresPerMinute)
        {
            DroppedFires++;
            return;
        }
        _firesThisMinute++;
        Fires++;
        // InstrumentId is the signal journal's business (it interns the signal name there).
        _evaluator.QueueFire(new SignalFire(0, context.Now, context.Now, kind, side, context.Sequence, Identity.Name, Identity.Commit,
            Identity.SourceHash, context.Feed, context.Symbol, message, fields.ToArray()));
    }

    public void Log(SignalContext context, string message)
    {
        if (!InCall) throw new InvalidOperationException("log from inside a handler; the context is only valid during the call");
        var minute = context.Now / NanosPerMinute;
        if (minute != _logMinute)
        {
            if (_suppressedThisMinute > 0) _evaluator.LogSuppressed(this, _suppressedThisMinute);
            _logMinute = minute;
            _logsThisMinute = 0;
            _suppressedThisMinute = 0;
        }
        if (_logsThisMinute >= _evaluator.Options.LogLinesPerMinute)
        {
            _suppressedThisMinute++;
            SuppressedLogLines++;
            return;
        }
        _logsThisMinute++;
        _evaluator.LogLine(this, message.Length > 1_000 ? message[..1_000] + "…" : message);
    }

    private static string? FireProblem(string message, ReadOnlySpan<FireField> fields)
    {
        if (string.IsNullOrEmpty(message)) return "a fire needs a message";
        if (message.Length > SignalFire.MaxMessageLength) return $"a fire message is {message.Length} characters; the limit is {SignalFire.MaxMessageLength}";
        if (fields.Length > SignalFire.MaxFields) return $"a fire has {fields.Length} fields; the limit is {SignalFire.MaxFields}";
        foreach (var field in fields)
        {
            if (field.Problem() is { } problem) return problem;
        }
        return null;
    }
}
