using Microsoft.Extensions.Logging;
using Signals.Library;

namespace Signals.Runtime.Fires;

/// <summary>
/// Where a signal host hands fires to its sink, counting them: a sink that throws is the host's
/// problem, not the signal's, so the failure is counted and logged and the next fire still goes.
/// </summary>
internal sealed partial class FireOutlet(IFireSink sink, ILogger logger)
{
    /// <summary>Fires passed to the sink.</summary>
    public long Emitted { get; private set; }

    /// <summary>Fires the sink threw on.</summary>
    public long SinkErrors { get; private set; }

    public void Deliver(in SignalFire fire)
    {
        Emitted++;
        try
        {
            sink.OnFire(in fire);
        }
        catch (Exception ex)
        {
            SinkErrors++;
            SinkFailed(logger, fire.Signal, ex);
        }
    }

    [LoggerMessage(9, LogLevel.Error, "The fire sink threw on a fire of {Signal}")]
    private static partial void SinkFailed(ILogger logger, string signal, Exception exception);
}
