namespace Signals.Runtime.Evaluation;

/// <summary>The evaluator's budgets and limits. Validated when the evaluator is built.</summary>
public sealed record EvaluatorOptions
{
    /// <summary>Fuel charges a metered signal may spend in one handler call.</summary>
    public long FuelPerCall { get; init; } = 1_000_000;

    /// <summary>Bytes a signal may allocate in one handler call; more is a failure (checked after the call).</summary>
    public long AllocationBytesPerCall { get; init; } = 16L * 1024 * 1024;

    /// <summary>Wall-clock time one handler call may run before the watchdog drains its meter.</summary>
    public TimeSpan WallClockPerCall { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Consecutive failing events after which a signal is quarantined.</summary>
    public int QuarantineAfterConsecutiveFailures { get; init; } = 5;

    /// <summary>Failing events within <see cref="QuarantineWindowEvents"/> of the signal's own events that quarantine it.</summary>
    public int QuarantineWindowFailures { get; init; } = 20;

    /// <summary>The window, in the signal's own events, for <see cref="QuarantineWindowFailures"/>.</summary>
    public int QuarantineWindowEvents { get; init; } = 1_000;

    /// <summary>Log lines per signal per minute of event time; more are suppressed and counted.</summary>
    public int LogLinesPerMinute { get; init; } = 20;

    /// <summary>
    /// Time per signal is measured on one event in this many (a power of two) and scaled up: reading
    /// the clock around every call would cost more than a cheap signal's call.
    /// </summary>
    public int TimingSampleEvery { get; init; } = 64;

    /// <summary>Checks the values; throws naming the bad one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(FuelPerCall, 1, nameof(FuelPerCall));
        ArgumentOutOfRangeException.ThrowIfLessThan(AllocationBytesPerCall, 1, nameof(AllocationBytesPerCall));
        ArgumentOutOfRangeException.ThrowIfLessThan(WallClockPerCall, TimeSpan.FromMilliseconds(1), nameof(WallClockPerCall));
        ArgumentOutOfRangeException.ThrowIfLessThan(QuarantineAfterConsecutiveFailures, 1, nameof(QuarantineAfterConsecutiveFailures));
        ArgumentOutOfRangeException.ThrowIfLessThan(QuarantineWindowFailures, 1, nameof(QuarantineWindowFailures));
        ArgumentOutOfRangeException.ThrowIfLessThan(QuarantineWindowEvents, QuarantineWindowFailures, nameof(QuarantineWindowEvents));
        ArgumentOutOfRangeException.ThrowIfLessThan(LogLinesPerMinute, 0, nameof(LogLinesPerMinute));
        if (TimingSampleEvery < 1 || (TimingSampleEvery & (TimingSampleEvery - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TimingSampleEvery), TimingSampleEvery, "a power of two, at least 1");
        }
    }
}
