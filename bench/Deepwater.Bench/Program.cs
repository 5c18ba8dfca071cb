using BenchmarkDotNet.Running;

namespace Deepwater.Bench;

/// <summary>
/// Runs the BenchmarkDotNet suites: <c>dotnet run -c Release --project bench/Deepwater.Bench -- --filter '*'</c>;
/// the replay throughput run: <c>… -- replay [events]</c>; or the worker-mode run: <c>… -- worker [events]</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["replay", ..]) ReplayThroughput.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5_000_000);
        else if (args is ["worker", ..]) WorkerThroughput.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5_000_000);
        else BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
