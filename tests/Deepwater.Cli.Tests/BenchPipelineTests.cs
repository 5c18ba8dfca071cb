using System.Text.Json;

namespace Deepwater.Cli.Tests;

public sealed class BenchPipelineTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"dw-bench-pipeline-{Guid.NewGuid():N}");

    [Fact]
    public void BenchPipeline_SmallRunJson_EverySubscriberGetsEveryJournalRecordAndCleansUp()
    {
        var lines = new CliRunner(_data).Lines("bench", "pipeline", "--events", "200000", "--subscribers", "2", "--json");

        using var doc = JsonDocument.Parse(Assert.Single(lines));
        var figures = doc.RootElement;
        Assert.Equal(200_000, figures.GetProperty("events").GetDouble());
        var records = figures.GetProperty("journal_records").GetDouble();
        Assert.True(records >= 200_000, $"journal records {records}"); // snapshots and checkpoints come on top
        Assert.Equal(records, figures.GetProperty("received_min").GetDouble());
        Assert.Equal(records, figures.GetProperty("received_max").GetDouble());
        Assert.Equal(1, figures.GetProperty("all_received").GetDouble());
        Assert.Equal(0, figures.GetProperty("dropped").GetDouble());
        Assert.Equal(0, figures.GetProperty("out_of_order").GetDouble());
        Assert.True(figures.GetProperty("end_to_end_events_per_s").GetDouble() > 0);
        Assert.True(figures.GetProperty("latency_samples").GetDouble() > 0);
        Assert.Empty(Directory.Exists(Path.Combine(_data, "bench")) ? Directory.GetFileSystemEntries(Path.Combine(_data, "bench")) : []);
    }

    [Fact]
    public void BenchPipeline_TextOutput_ReportsAllReceivedAndNothingDropped()
    {
        var lines = new CliRunner(_data).Lines("bench", "pipeline", "--events", "200000");

        Assert.Contains(lines, l => l.StartsWith("all_received ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" 1.000", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("dropped ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" 0.000", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--events", "10")]
    [InlineData("--subscribers", "0")]
    public void BenchPipeline_BadArguments_FailWithUsage(string option, string value)
    {
        var (code, _, error) = new CliRunner(_data).Run("bench", "pipeline", option, value);

        Assert.NotEqual(0, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
