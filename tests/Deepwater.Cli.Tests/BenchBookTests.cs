using System.Text.Json;

namespace Deepwater.Cli.Tests;

public sealed class BenchBookTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"dw-bench-book-{Guid.NewGuid():N}");

    [Fact]
    public void BenchBook_SmallJournalJson_ReportsBookAtFiguresAndCleansUp()
    {
        var lines = new CliRunner(_data).Lines("bench", "book", "--deltas", "200000", "--json");

        using var doc = JsonDocument.Parse(Assert.Single(lines));
        var figures = doc.RootElement;
        Assert.Equal(200_000, figures.GetProperty("deltas").GetDouble());
        Assert.True(figures.GetProperty("checkpoints").GetDouble() > 0);
        Assert.True(figures.GetProperty("build_s").GetDouble() > 0);
        var p50 = figures.GetProperty("bookat_p50_ms").GetDouble();
        var p99 = figures.GetProperty("bookat_p99_ms").GetDouble();
        var max = figures.GetProperty("bookat_max_ms").GetDouble();
        Assert.True(p50 > 0 && p50 <= p99 && p99 <= max, $"p50 {p50} p99 {p99} max {max}");
        Assert.Empty(Directory.Exists(Path.Combine(_data, "bench")) ? Directory.GetFileSystemEntries(Path.Combine(_data, "bench")) : []);
    }

    [Fact]
    public void BenchBook_TooFewDeltas_FailsWithUsage()
    {
        var (code, _, error) = new CliRunner(_data).Run("bench", "book", "--deltas", "10");

        Assert.NotEqual(0, code);
        Assert.Contains("--deltas", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
