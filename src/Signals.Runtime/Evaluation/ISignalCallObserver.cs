namespace Signals.Runtime.Evaluation;

/// <summary>
/// Told when a signal's own code starts and stops running (its factory and Configure, every
/// handler and timer call), with the <see cref="SignalDefinition.Tag"/> of the signal. The worker
/// process uses it to record, where the host can read it after a crash, which signal was running.
/// </summary>
/// <remarks>
/// Called on the evaluator's thread around every call, so implementations must be a few stores at
/// most. An evaluator without an observer pays one null check per call.
/// </remarks>
public interface ISignalCallObserver
{
    /// <summary>A signal's code is about to run.</summary>
    /// <param name="tag">The signal's <see cref="SignalDefinition.Tag"/>.</param>
    void Entering(int tag);

    /// <summary>The signal's code returned or threw; nothing of any signal runs now.</summary>
    void Left();
}
