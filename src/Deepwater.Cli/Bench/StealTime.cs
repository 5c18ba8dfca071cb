namespace Deepwater.Cli.Bench;

/// <summary>
/// CPU time the hypervisor gave to others while this machine's vCPUs wanted to run: the
/// <c>steal</c> column of <c>/proc/stat</c>, summed over CPUs. A latency run on a shared host can
/// lose milliseconds at a time this way, which no client code can win back.
/// </summary>
internal static class StealTime
{
    // /proc/stat counts in USER_HZ, which Linux fixes at 100 for user space.
    private const double MillisecondsPerTick = 10;

    /// <summary>Steal so far in milliseconds, or NaN where <c>/proc/stat</c> does not say.</summary>
    public static double Milliseconds()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        try
        {
            foreach (var line in File.ReadLines("/proc/stat"))
            {
                if (!line.StartsWith("cpu ", StringComparison.Ordinal)) continue;
                // cpu user nice system idle iowait irq softirq steal ...
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 8 && long.TryParse(fields[8], out var steal) ? steal * MillisecondsPerTick : double.NaN;
            }
        }
        catch (IOException)
        {
        }
        return double.NaN;
    }
}
