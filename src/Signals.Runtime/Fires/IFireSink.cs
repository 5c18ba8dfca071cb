using Signals.Library;

namespace Signals.Runtime.Fires;

/// <summary>
/// Where the evaluator puts fires: the signal journal, the bus, actions, a backtest's list. Called
/// on the evaluator's thread, in fire order; implementations that do slow work (a webhook) queue it.
/// </summary>
public interface IFireSink
{
    /// <summary>One fire, already rate-limited and validated.</summary>
    /// <param name="fire">The fire.</param>
    void OnFire(in SignalFire fire);
}
