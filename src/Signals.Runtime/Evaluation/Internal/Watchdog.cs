using System.Diagnostics;
using Signals.Library.Sandbox;

namespace Signals.Runtime.Evaluation.Internal;

/// <summary>
/// The wall-clock guard: one background thread samples which metered call is running and drains
/// its meter when the same call has run past the limit. The evaluator's side costs two stores per
/// call (a serial number and the meter); the clock is read only here.
/// </summary>
internal sealed class Watchdog : IDisposable
{
    /// <summary>The start of the reason a drained meter reports, so the evaluator can tell a wall-clock stop.</summary>
    public const string ReasonPrefix = "wall clock";

    private readonly long _limitTicks;
    private readonly TimeSpan _period;
    private readonly string _reason;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;
    private long _serial;
    private FuelMeter? _running;

    public Watchdog(TimeSpan limit)
    {
        _limitTicks = (long)(limit.TotalSeconds * Stopwatch.Frequency);
        _period = TimeSpan.FromTicks(Math.Clamp(limit.Ticks / 4, TimeSpan.TicksPerMillisecond, 50 * TimeSpan.TicksPerMillisecond));
        _reason = $"{ReasonPrefix}: one call ran over {limit.TotalMilliseconds:0} ms";
        _thread = new Thread(Run) { IsBackground = true, Name = "signal watchdog", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Drains performed.</summary>
    public long Drains;

    /// <summary>A metered call starts.</summary>
    public void Begin(FuelMeter meter)
    {
        Volatile.Write(ref _serial, _serial + 1);
        Volatile.Write(ref _running, meter);
    }

    /// <summary>The call ended.</summary>
    public void End() => Volatile.Write(ref _running, null);

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }

    private void Run()
    {
        long watched = -1, since = 0;
        while (!_stop.Wait(_period))
        {
            // Serial, meter, serial: a call that ended in between is not drained by mistake.
            var serial = Volatile.Read(ref _serial);
            var meter = Volatile.Read(ref _running);
            if (meter is null || Volatile.Read(ref _serial) != serial)
            {
                watched = -1;
                continue;
            }
            var now = Stopwatch.GetTimestamp();
            if (serial != watched)
            {
                watched = serial;
                since = now;
                continue;
            }
            if (now - since >= _limitTicks && !meter.IsExhausted)
            {
                meter.Drain(_reason);
                Interlocked.Increment(ref Drains);
            }
        }
    }
}
