using Microsoft.Extensions.Logging;
using Signals.Library;
using Signals.Runtime.Evaluation.Internal;

namespace Signals.Runtime.Evaluation;

public sealed partial class SignalEvaluator
{
    /// <summary>Holds a fire until its handler returns, so the sink's time and allocations are not charged to the signal.</summary>
    internal void QueueFire(in SignalFire fire) => _pendingFires.Add(fire);

    internal void LogLine(SignalRuntime signal, string message) =>
        Log.SignalLine(_logger, signal.Identity.Name, signal.Context.Feed, signal.Context.Symbol, message);

    internal void LogSuppressed(SignalRuntime signal, long count) => Log.SignalLinesSuppressed(_logger, signal.Identity.Name, count);

    private void FlushFires()
    {
        foreach (var fire in _pendingFires) _fires.Deliver(in fire);
        _pendingFires.Clear();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Signal {Signal} loaded from commit {Commit}")]
        public static partial void Loaded(ILogger logger, string signal, string commit);

        [LoggerMessage(2, LogLevel.Information, "Signal {Signal} unloaded")]
        public static partial void Unloaded(ILogger logger, string signal);

        [LoggerMessage(3, LogLevel.Information, "Signal {Signal} replaced: {OldCommit} -> {NewCommit}")]
        public static partial void Replaced(ILogger logger, string signal, string oldCommit, string newCommit);

        [LoggerMessage(4, LogLevel.Warning, "Signal {Signal} failed to load: {Error}")]
        public static partial void LoadFailed(ILogger logger, string signal, string error);

        [LoggerMessage(5, LogLevel.Warning, "Signal {Signal} failed on {Feed}/{Symbol}: {Error}")]
        public static partial void Failed(ILogger logger, string signal, string feed, string symbol, string error);

        [LoggerMessage(6, LogLevel.Error, "Signal {Signal} quarantined: {Reason}")]
        public static partial void Quarantined(ILogger logger, string signal, string reason);

        [LoggerMessage(7, LogLevel.Information, "[{Signal}] {Feed}/{Symbol}: {Message}")]
        public static partial void SignalLine(ILogger logger, string signal, string feed, string symbol, string message);

        [LoggerMessage(8, LogLevel.Information, "[{Signal}] {Count} log lines suppressed in the last minute of event time")]
        public static partial void SignalLinesSuppressed(ILogger logger, string signal, long count);

        [LoggerMessage(10, LogLevel.Warning, "Signals allocated {Allocated} bytes together in one event, over the per-call limit of {Limit}; every call is measured on its own from now on")]
        public static partial void AllocationPerCall(ILogger logger, long allocated, long limit);
    }
}
