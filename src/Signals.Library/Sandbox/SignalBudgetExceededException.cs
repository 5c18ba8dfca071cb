namespace Signals.Library.Sandbox;

/// <summary>
/// A signal ran out of its per-event budget (fuel, call depth, or the watchdog's wall clock). Signal
/// code cannot catch it: the rewriter guards every catch and finally.
/// </summary>
public sealed class SignalBudgetExceededException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Which budget ran out.</param>
    public SignalBudgetExceededException(string reason)
        : base(reason)
    {
    }

    /// <summary>Creates the exception with no reason.</summary>
    public SignalBudgetExceededException()
        : base("signal budget exceeded")
    {
    }

    /// <summary>Creates the exception wrapping another.</summary>
    /// <param name="message">The reason.</param>
    /// <param name="innerException">The cause.</param>
    public SignalBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
