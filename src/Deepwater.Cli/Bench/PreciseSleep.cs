using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Deepwater.Cli.Bench;

/// <summary>
/// Sleeps until a Stopwatch timestamp with microsecond precision on Linux (<c>clock_nanosleep</c> on
/// CLOCK_MONOTONIC, which Stopwatch reads there); elsewhere to the next millisecond. .NET's own
/// sleeps and timers round to milliseconds, and spinning would take a core from what a benchmark measures.
/// </summary>
internal static partial class PreciseSleep
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsolute = 1;
    private const long NanosPerSecond = 1_000_000_000;

    /// <summary>Returns at or shortly after <paramref name="timestamp"/> (a <see cref="Stopwatch.GetTimestamp"/> value).</summary>
    public static void Until(long timestamp)
    {
        if (OperatingSystem.IsLinux() && Stopwatch.Frequency == NanosPerSecond)
        {
            var due = new Timespec(timestamp / NanosPerSecond, timestamp % NanosPerSecond);
            // EINTR returns early; the callers loop on the clock anyway.
            _ = ClockNanosleep(ClockMonotonic, TimerAbsolute, ref due, IntPtr.Zero);
            return;
        }
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (remaining > TimeSpan.Zero) Thread.Sleep(remaining < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : remaining);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec(long seconds, long nanoseconds)
    {
        public long Seconds = seconds;
        public long Nanoseconds = nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_nanosleep")]
    private static extern int ClockNanosleep(int clock, int flags, ref Timespec request, IntPtr remain);
}
