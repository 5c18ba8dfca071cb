using System.Text.Json;

namespace Deepwater.Cli.Tests;

public sealed class BenchMcpTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"dw-bench-mcp-{Guid.NewGuid():N}");

    [Fact]
    public void BenchMcp_SmallJournalFewClientsJson_ReportsLatencyAndLoadWithoutErrorsAndCleansUp()
    {
        var lines = new CliRunner(_data).Lines("bench", "mcp", "--events", "20000", "--clients", "3", "--seconds", "1", "--json");

        using var doc = JsonDocument.Parse(Assert.Single(lines));
        var figures = doc.RootElement;
        Assert.Equal(20_000, figures.GetProperty("events").GetDouble());
        Assert.True(figures.GetProperty("trades").GetDouble() > 0);
        foreach (var tool in new[] { "get_trades", "get_trades_latest", "get_orderbook", "get_bars", "get_market", "list_markets", "replay_orderbook", "system_status", "data_inventory" })
        {
            Assert.Equal(0, figures.GetProperty($"{tool}_errors").GetDouble());
            var p50 = figures.GetProperty($"{tool}_p50_ms").GetDouble();
            Assert.True(p50 > 0 && p50 <= figures.GetProperty($"{tool}_p99_ms").GetDouble(), $"{tool}: p50 {p50}");
        }
        Assert.Equal(3, figures.GetProperty("load_clients").GetDouble());
        Assert.True(figures.GetProperty("load_calls").GetDouble() > 0);
        Assert.Equal(0, figures.GetProperty("load_errors").GetDouble());
        Assert.Equal(0, figures.GetProperty("load_rate_limited").GetDouble());
        Assert.Empty(Directory.Exists(Path.Combine(_data, "bench")) ? Directory.GetFileSystemEntries(Path.Combine(_data, "bench")) : []);
    }

    [Theory]
    [InlineData("--events", "10")]
    [InlineData("--clients", "0")]
    [InlineData("--seconds", "0")]
    public void BenchMcp_BadArgument_ExitsTwoNamingIt(string option, string value)
    {
        var (code, _, error) = new CliRunner(_data).Run("bench", "mcp", option, value);

        Assert.Equal(2, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
