using Microsoft.Extensions.Logging;
using Signals.Library;

namespace Signals.Runtime.Fires;

/// <summary>
/// The log and alert actions: every fire becomes a log line (information), alerts and trade
/// signals a warning, so an operator's log shows what fired without a tool. Trade signals are
/// only ever recorded and logged: nothing in Deepwater places an order.
/// </summary>
/// <param name="logger">Where the lines go.</param>
public sealed partial class LogFireAction(ILogger<LogFireAction> logger) : IFireSink
{
    /// <inheritdoc/>
    public void OnFire(in SignalFire fire)
    {
        var fields = string.Join(' ', fire.Fields.Select(f => f.ToString()));
        if (fire.Type == FireKind.Fire) Fired(logger, fire.Signal, fire.Feed, fire.Symbol, fire.Message, fields);
        else Alerted(logger, FireJson.TypeName(fire.Type), fire.Signal, fire.Feed, fire.Symbol, fire.Side, fire.Message, fields);
    }

    [LoggerMessage(1, LogLevel.Information, "fire {Signal} {Feed}/{Symbol}: {Message} {Fields}")]
    private static partial void Fired(ILogger logger, string signal, string feed, string symbol, string message, string fields);

    [LoggerMessage(2, LogLevel.Warning, "{Type} {Signal} {Feed}/{Symbol} {Side}: {Message} {Fields}")]
    private static partial void Alerted(ILogger logger, string type, string signal, string feed, string symbol, Side side, string message, string fields);
}
