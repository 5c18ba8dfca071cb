using System.Text.Json;

namespace Deepwater.Cli.Tests;

/// <summary><c>deepwater bench reload</c> from inside a git checkout: its signals repository is its own, under the temp folder.</summary>
public sealed class BenchReloadTests : IDisposable
{
    // Inside this test run's checkout, which is a git repository: the case that once failed.
    private readonly string _data = Path.Combine(AppContext.BaseDirectory, $"dw-bench-reload-{Guid.NewGuid():N}");

    [Fact]
    public void BenchReload_FromInsideARepository_TimesEveryRoundAndLeavesNothing()
    {
        var lines = new CliRunner(_data).Lines("bench", "reload", "--rounds", "2", "--json");

        using var doc = JsonDocument.Parse(Assert.Single(lines));
        var figures = doc.RootElement;
        Assert.Equal(2, figures.GetProperty("rounds").GetDouble());
        var p50 = figures.GetProperty("commit_to_first_event_p50_ms").GetDouble();
        Assert.InRange(p50, 0.1, figures.GetProperty("commit_to_first_event_max_ms").GetDouble());
        Assert.False(Directory.Exists(Path.Combine(_data, "bench")));
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
