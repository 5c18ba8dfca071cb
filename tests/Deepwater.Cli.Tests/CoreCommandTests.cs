using System.Globalization;

namespace Deepwater.Cli.Tests;

public sealed class CoreCommandTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "deepwater-tests", Guid.NewGuid().ToString("N"));
    private readonly CliRunner _cli;

    public CoreCommandTests() => _cli = new CliRunner(_data);

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    private static string Capture(string name)
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Agents.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("Agents.sln not found above the test binaries");
        var path = Path.GetFullPath(Path.Combine(dir, "..", "shared", "data", name));
        return File.Exists(path) ? path : throw new FileNotFoundException($"capture {name} is missing: expected shared/data beside the repository at {path}");
    }

    private string WriteFeed(string yaml)
    {
        var path = Path.Combine(_data, "config", "feeds", "cap.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void Core_CaptureFeed_RecordsAJournalThatVerifiesAndReads()
    {
        var feed = WriteFeed($"feed: cap\nkind: capture\nendpoints:\n  capture: {Capture("coinbase_advanced_trade_ws.jsonl")}\nreplay: {{ venue: coinbase, speed: 0 }}\ncheckpoint: {{ deltas: 100 }}\n");

        // A capture feed ends with its file, and core stops when every feed has ended: the duration is only a bound.
        var lines = _cli.Lines("core", "--feeds", feed, "--duration", "60s");

        Assert.StartsWith("deepwater: core running cap", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("deepwater: status feed=cap state=Stopped ", StringComparison.Ordinal));
        var final = lines[^1];
        Assert.StartsWith("deepwater: stopped feed=cap ", final, StringComparison.Ordinal);
        var lastSeq = long.Parse(final[(final.IndexOf("last_seq=", StringComparison.Ordinal) + 9)..], CultureInfo.InvariantCulture);
        Assert.True(lastSeq > 1_000);
        Assert.Equal($"records={lastSeq} first_seq=1 last_seq={lastSeq} seq_gaps=0 crc_errors=0 torn_tail_bytes=0", Assert.Single(_cli.Lines("journal", "verify", "cap")));
        var trades = _cli.Lines("read", "cap.trade", "--last-n", "5", "--format", "jsonl");
        Assert.Equal(5, trades.Length);
        Assert.All(trades, t => Assert.StartsWith("{\"seq\":", t, StringComparison.Ordinal));
        Assert.All(trades, t => Assert.Contains("\"kind\":\"trade\"", t, StringComparison.Ordinal));
    }

    [Fact]
    public void Core_BadFeedFile_ListsErrorsWithFileAndLineAndExitsOne()
    {
        var feed = WriteFeed("feed: cap\nkind: capture\nendpoints:\n  capture: x.jsonl\nreplay: { venue: kraken }\n");
        var (code, _, error) = _cli.Run("core", "--feeds", feed);
        Assert.Equal(1, code);
        Assert.StartsWith($"{feed}:5:", error, StringComparison.Ordinal);
        Assert.Contains("unknown venue 'kraken'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--duration", "soon")]
    [InlineData("--duration", "0s")]
    [InlineData("--bogus", "1")]
    public void Core_BadArgument_ExitsTwoWithOneLine(string option, string value)
    {
        var (code, _, error) = _cli.Run("core", option, value);
        Assert.Equal(2, code);
        Assert.StartsWith("deepwater: ", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
