using System.Text.Json;

namespace Deepwater.Cli.Tests;

public sealed class BenchSignalsTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"dw-bench-signals-{Guid.NewGuid():N}");

    [Fact]
    public void BenchSignals_SmallRunJson_ReportsReplayMeteringAndCompileFigures()
    {
        var lines = new CliRunner(_data).Lines("bench", "signals", "--events", "20000", "--rounds", "1", "--loads", "2", "--json");

        using var doc = JsonDocument.Parse(Assert.Single(lines));
        var figures = doc.RootElement;
        Assert.Equal(20_000, figures.GetProperty("events").GetDouble());
        Assert.Equal(10, figures.GetProperty("signals").GetDouble());
        Assert.Equal(0, figures.GetProperty("replay_errors").GetDouble());
        foreach (var name in new[] { "replay_m_events_per_s", "unmetered_m_events_per_s", "compile_p50_ms", "compile_p99_ms" })
        {
            Assert.True(figures.GetProperty(name).GetDouble() > 0, name);
        }
        Assert.True(figures.TryGetProperty("metering_overhead_pct", out _));
        // The reported rate is the mean of the two loads' rates.
        var mean = figures.GetProperty("replay_m_events_per_s").GetDouble();
        Assert.InRange(mean, figures.GetProperty("replay_load_min_m_events_per_s").GetDouble() - 0.001, figures.GetProperty("replay_load_max_m_events_per_s").GetDouble() + 0.001);
        Assert.Contains("loaded 2 times", figures.GetProperty("workload").GetString(), StringComparison.Ordinal);
        Assert.True(figures.GetProperty("compile_p50_ms").GetDouble() <= figures.GetProperty("compile_p99_ms").GetDouble());
        Assert.Contains("20,000 synthetic events", figures.GetProperty("workload").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BenchSignals_Text_SaysTheWorkloadAndTheFigures()
    {
        var lines = new CliRunner(_data).Lines("bench", "signals", "--events", "10000", "--rounds", "1", "--loads", "1");

        Assert.StartsWith("workload: 10,000 synthetic events", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("replay_m_events_per_s", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("metering_overhead_pct", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("compile_p99_ms", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--loads", "0")]
    [InlineData("--loads", "11")]
    [InlineData("--rounds", "0")]
    public void BenchSignals_OutOfRange_FailsNamingTheOption(string option, string value)
    {
        var (code, _, error) = new CliRunner(_data).Run("bench", "signals", "--events", "10000", option, value);

        Assert.NotEqual(0, code);
        Assert.Contains($"{option} must be", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchSignals_TooFewEvents_FailsWithUsage()
    {
        var (code, _, error) = new CliRunner(_data).Run("bench", "signals", "--events", "10");

        Assert.NotEqual(0, code);
        Assert.Contains("--events", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
