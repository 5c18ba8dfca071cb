using System.Globalization;
using Signals.Library;

namespace Deepwater.Cli.Signals;

/// <summary>The summary a backtest ends with: counts, per symbol, first and last fire, throughput, and the signal's health.</summary>
internal static class BacktestSummary
{
    public static void Write(TextWriter output, BacktestRun run, IReadOnlyList<string> feeds, long from, long to)
    {
        var r = run.Replay;
        var s = run.Status;
        output.WriteLine($"backtest: {run.Signal.Name} ({run.Signal.Version}) on {string.Join(", ", feeds)} from {UnixNanos.Format(from)} to {UnixNanos.Format(to)}{(r.Cancelled ? " (cancelled)" : "")}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fires={run.Fires.Count} dropped={s?.DroppedFires ?? 0} events={r.Events} filtered={r.Filtered} elapsed={r.Elapsed.TotalSeconds:F3}s events_per_s={r.EventsPerSecond:F0}"));
        if (run.Fires.Count > 0)
        {
            var perSymbol = run.Fires.GroupBy(f => f.Feed + "/" + f.Symbol, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}={g.Count()}"));
            output.WriteLine($"per_symbol: {string.Join(' ', perSymbol)}");
            output.WriteLine($"first_fire={UnixNanos.Format(run.Fires[0].TsEvent)} last_fire={UnixNanos.Format(run.Fires[^1].TsEvent)}");
        }
        if (s is null) return;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"signal: state={(s.QuarantineReason is null ? "running" : "quarantined")} errors={s.Errors} time_in_signal={s.TimeSpent.TotalMilliseconds:F1}ms") +
            (s.QuarantineReason is null ? "" : $" quarantined_because=\"{s.QuarantineReason}\"") +
            (s.LastError is null ? "" : $" last_error=\"{s.LastError}\""));
    }
}
