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
    private const int Nobody = -1;
    private const int Loading = -2;
    private long _serial;
    private int _running = Nobody;
    private FuelMeter? _loading;
    private FuelMeter?[] _meters = [];

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

    /// <summary>Makes a loaded signal's meter known by its load order, so each call only writes an int (no GC write barrier).</summary>
    public void Register(int order, FuelMeter meter)
    {
        var meters = (FuelMeter?[])_meters.Clone();
        if (order >= meters.Length) Array.Resize(ref meters, Math.Max(order + 1, meters.Length * 2));
        meters[order] = meter;
        Volatile.Write(ref _meters, meters);
    }

    /// <summary>A handler call of the signal loaded <paramref name="order"/>th starts.</summary>
    public void Begin(int order)
    {
        Volatile.Write(ref _serial, _serial + 1);
        Volatile.Write(ref _running, order);
    }

    /// <summary>Load-time code (factory, Configure) of a signal not registered yet starts.</summary>
    public void Begin(FuelMeter meter)
    {
        Volatile.Write(ref _loading, meter);
        Begin(Loading);
    }

    /// <summary>The call ended.</summary>
    public void End() => Volatile.Write(ref _running, Nobody);

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
            var running = Volatile.Read(ref _running);
            var meters = Volatile.Read(ref _meters);
            var meter = running == Loading ? Volatile.Read(ref _loading) : (uint)running < (uint)meters.Length ? meters[running] : null;
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
