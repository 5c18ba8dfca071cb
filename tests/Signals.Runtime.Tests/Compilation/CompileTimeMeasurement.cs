using System.Diagnostics;
using Signals.Runtime.Compilation;
using Xunit.Abstractions;

namespace Signals.Runtime.Tests.Compilation;

/// <summary>Reports cold and warm compile times of an ~80-line signal; it measures, it does not assert on time.</summary>
public sealed class CompileTimeMeasurement(ITestOutputHelper output)
{
    [Fact]
    public void Compile_EightyLineSignal_ReportsColdAndWarmTimes()
    {
        var clock = Stopwatch.StartNew();
        var cold = new SignalCompiler().Compile(GoodSignal.File, GoodSignal.Source);
        var coldTime = clock.Elapsed;
        Assert.True(cold.Success);

        var warm = new List<TimeSpan>();
        for (var i = 0; i < 40; i++)
        {
            // A fresh compiler and a changed comment: no cache hit, only process-wide warm-up helps.
            var compiler = new SignalCompiler();
            clock.Restart();
            var result = compiler.Compile(GoodSignal.File, GoodSignal.Source + $"\n// {i}\n");
            warm.Add(clock.Elapsed);
            Assert.True(result.Success);
        }
        var cached = new SignalCompiler();
        cached.Compile(GoodSignal.File, GoodSignal.Source);
        clock.Restart();
        var hit = cached.Compile(GoodSignal.File, GoodSignal.Source);
        var hitTime = clock.Elapsed;
        Assert.True(hit.FromCache);

        output.WriteLine("in order (ms): " + string.Join(' ', warm.Select(t => t.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture))));
        warm.Sort();
        output.WriteLine($"lines={GoodSignal.Source.Split('\n').Length} cold={coldTime.TotalMilliseconds:F0}ms (this process's first compile may include earlier tests' warm-up) " +
            $"warm median={warm[warm.Count / 2].TotalMilliseconds:F1}ms min={warm[0].TotalMilliseconds:F1}ms max={warm[^1].TotalMilliseconds:F1}ms cache hit={hitTime.TotalMilliseconds:F3}ms");
    }
}
