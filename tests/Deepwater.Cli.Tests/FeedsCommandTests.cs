namespace Deepwater.Cli.Tests;

public sealed class FeedsCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "deepwater-tests", Guid.NewGuid().ToString("N"));
    private readonly CliRunner _cli;

    public FeedsCommandTests()
    {
        _cli = new CliRunner(Path.Combine(_root, "data"));
        Directory.CreateDirectory(Path.Combine(_root, "feeds"));
        Directory.CreateDirectory(Path.Combine(_root, "environments"));
        File.WriteAllText(Path.Combine(_root, "feeds", "sim.yaml"), "feed: sim\nkind: sim\nsymbols: [A, B]\n");
        File.WriteAllText(Path.Combine(_root, "environments", "dev.yaml"), "environment: dev\nfeeds: [sim]\n");
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void Validate_ValidConfig_ExitsZero_AndListShowsTheFeed()
    {
        Assert.Equal(["valid: 1 feeds, 1 environments"], _cli.Lines("feeds", "validate", "--config", _root));
        var list = _cli.Lines("feeds", "list", "--config", _root);
        Assert.Matches(@"^sim\s+sim\s+sim\s+dev\s+A B$", list[1]);
    }

    [Fact]
    public void Validate_BrokenConfig_PrintsFileLineColumnPerProblem_AndExitsOne()
    {
        File.WriteAllText(Path.Combine(_root, "feeds", "sim.yaml"), "feed: sim\nkind: sim\nsymbols: [A]\ncredentials:\n  key: hunter2\n");
        var (code, output, error) = _cli.Run("feeds", "validate", "--config", _root);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("sim.yaml:5:8: credential 'key' must be a reference ({ env: NAME } or { file: PATH }), never the secret itself", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }
}
