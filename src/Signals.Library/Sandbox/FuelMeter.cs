using System.Runtime.CompilerServices;

namespace Signals.Library.Sandbox;

/// <summary>
/// A signal version's fuel: the compiler's rewriter charges it at every loop back-edge and method
/// entry and tracks call depth; the runtime refills it before each event and a watchdog may drain
/// it. Exhaustion is sticky: once empty, every further charge throws again, so a
/// <c>finally { while (true) { } }</c> cannot outlive it.
/// </summary>
/// <remarks>Signal source may not name this namespace; only rewritten code and the runtime touch it.</remarks>
public sealed class FuelMeter
{
    /// <summary>Charges left in the current event; below zero means exhausted.</summary>
    public long Remaining;

    /// <summary>Current call depth of metered methods.</summary>
    public int Depth;

    /// <summary>Creates a meter with a depth limit.</summary>
    /// <param name="maxDepth">The deepest metered call chain allowed.</param>
    public FuelMeter(int maxDepth = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        MaxDepth = maxDepth;
    }

    /// <summary>The deepest metered call chain allowed.</summary>
    public int MaxDepth { get; }

    /// <summary>Why the meter last ran out; null when it has not.</summary>
    public string? ExhaustedBecause { get; private set; }

    /// <summary>Whether the meter is empty (exhausted, drained by the watchdog, or too deep).</summary>
    public bool IsExhausted => Remaining < 0;

    /// <summary>Refills for a new event and forgets the last exhaustion.</summary>
    /// <param name="budget">Charges allowed in the event.</param>
    public void Refill(long budget)
    {
        ExhaustedBecause = null;
        Depth = 0;
        Volatile.Write(ref Remaining, budget);
    }

    /// <summary>Drains the meter from another thread (the wall-clock watchdog): the next charge throws.</summary>
    /// <param name="reason">Why, for the report.</param>
    public void Drain(string reason)
    {
        ExhaustedBecause ??= reason;
        Volatile.Write(ref Remaining, long.MinValue / 2);
    }

    /// <summary>One charge, at a loop back-edge.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Tick()
    {
        if (--Remaining < 0) Exhausted();
    }

    /// <summary>One charge at a method entry, one level deeper.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enter()
    {
        if (--Remaining < 0 || ++Depth > MaxDepth) Exhausted();
    }

    /// <summary>Leaves a metered method.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Exit() => Depth--;

    /// <summary>Whether a caught exception must not be handled by signal code: a budget exception, or anything once the meter is empty.</summary>
    /// <param name="exception">The exception being caught.</param>
    /// <returns>True when the catch must not run.</returns>
    public bool IsFatal(Exception exception) => Remaining < 0 || exception is SignalBudgetExceededException;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Exhausted()
    {
        if (Depth > MaxDepth)
        {
            ExhaustedBecause ??= $"call depth over {MaxDepth}";
            // Sticky: a catch in an outer frame sees an empty meter too.
            Remaining = Math.Min(Remaining, -1);
        }
        else
        {
            ExhaustedBecause ??= "fuel budget exhausted";
        }
        throw new SignalBudgetExceededException(ExhaustedBecause);
    }
}
