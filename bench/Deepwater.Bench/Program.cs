using BenchmarkDotNet.Running;

namespace Deepwater.Bench;

/// <summary>Runs the BenchmarkDotNet suites: <c>dotnet run -c Release --project bench/Deepwater.Bench -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
