using System.Text.Json;

namespace Deepwater.Cli.Tests;

public sealed class JournalCommandTests : IDisposable
{
    private const string Start = "2026-03-01T12:00:00Z";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "deepwater-tests", Guid.NewGuid().ToString("N"));
    private readonly CliRunner _cli;

    public JournalCommandTests() => _cli = new CliRunner(_data);

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    private void Generate(string feed, int events, int seed = 1) =>
        Assert.Single(_cli.Lines("journal", "generate", feed, "--events", events.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--start", Start, "--spacing", "1ms"));

    [Fact]
    public void Generate_ReportsWhatItWrote_AndVerifyPrintsTheSummaryLine()
    {
        var generated = _cli.Lines("journal", "generate", "sim", "--events", "5000", "--start", Start, "--spacing", "1ms");
        Assert.Contains("first_seq=1 last_seq=5000", generated[0], StringComparison.Ordinal);
        var verify = _cli.Lines("journal", "verify", "sim");
        Assert.Equal(["records=5000 first_seq=1 last_seq=5000 seq_gaps=0 crc_errors=0 torn_tail_bytes=0"], verify);
    }

    [Fact]
    public void Inspect_ShowsOneRowPerChunk_WithSequencesTimesAndStatus()
    {
        Assert.Single(_cli.Lines("journal", "generate", "sim", "--events", "10000", "--start", Start, "--spacing", "1ms", "--chunk-size", "262144"));
        var rows = _cli.Lines("journal", "inspect", "sim");
        Assert.StartsWith("file", rows[0], StringComparison.Ordinal);
        var chunks = rows.Skip(1).Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.True(chunks.Count >= 3);
        Assert.Equal("1", chunks[0][1]);
        Assert.Equal("2026-03-01T12:00:00.000000000Z", chunks[0][3]);
        for (var i = 1; i < chunks.Count; i++) Assert.Equal(long.Parse(chunks[i - 1][2]) + 1, long.Parse(chunks[i][1]));
        Assert.Equal("10000", chunks[^1][2]);
        Assert.All(chunks[..^1], c => Assert.Equal(["yes", "ok"], c[^2..]));
        Assert.Equal(["no", "active"], chunks[^1][^2..]);
        Assert.Equal(10_000, chunks.Sum(c => long.Parse(c[5])));
    }

    [Fact]
    public void Generate_IsDeterministic_ForASeedAndStart()
    {
        Generate("a", 3000, seed: 5);
        Generate("b", 3000, seed: 5);
        Generate("c", 3000, seed: 6);
        var a = _cli.Lines("read", "a", "--format", "jsonl");
        Assert.Equal(a, _cli.Lines("read", "b", "--format", "jsonl"));
        Assert.NotEqual(a, _cli.Lines("read", "c", "--format", "jsonl"));
    }

    [Fact]
    public void Read_KindAndSymbolFilters_PrintExactDecimalsAsJsonl()
    {
        Generate("sim", 3000);
        var trades = _cli.Lines("read", "sim.trade", "--symbol", "ETH-USD", "--format", "jsonl").Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(trades);
        Assert.All(trades, t =>
        {
            Assert.Equal("trade", t.GetProperty("kind").GetString());
            Assert.Equal("ETH-USD", t.GetProperty("symbol").GetString());
            var price = t.GetProperty("price").GetString()!;
            Assert.Matches(@"^\d+(\.\d{1,9})?$", price);
            Assert.StartsWith("22", price, StringComparison.Ordinal); // ETH starts at 2250.5 in the synthetic market
            Assert.EndsWith("Z", t.GetProperty("ts_recv").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Read_LastN_ReturnsExactlyTheLastMatches()
    {
        Generate("sim", 3000);
        var all = _cli.Lines("read", "sim.quote", "--format", "jsonl");
        var last = _cli.Lines("read", "sim.quote", "--last-n", "7", "--format", "jsonl");
        Assert.Equal(all[^7..], last);
    }

    [Fact]
    public void Read_FromTo_SelectsTheReceiveTimeRange()
    {
        Generate("sim", 3000); // 1 ms apart from the start
        var rows = _cli.Lines("read", "sim", "--from", "2026-03-01T12:00:01Z", "--to", "2026-03-01T12:00:01.010Z", "--format", "jsonl")
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(10, rows.Count);
        Assert.Equal(1001, rows[0].GetProperty("seq").GetInt64());
        Assert.Equal("2026-03-01T12:00:01.009000000Z", rows[^1].GetProperty("ts_recv").GetString());
    }

    [Fact]
    public void Read_Last_CoversTheFinalStretchOfTheJournal()
    {
        Generate("sim", 3000);
        var rows = _cli.Lines("read", "sim", "--last", "5ms", "--format", "jsonl");
        Assert.Equal(5, rows.Length);
        Assert.Contains("\"seq\":3000", rows[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown event kind 'trad'", "read", "sim.trad")]
    [InlineData("has no symbol 'DOGE-USD' (it has: BTC-USD, ETH-USD, SOL-USD)", "read", "sim", "--symbol", "DOGE-USD")]
    [InlineData("no journal for feed 'nope'", "read", "nope")]
    [InlineData("--last:", "read", "sim", "--last", "5x")]
    [InlineData("use one of --last, --last-n, or --from/--to", "read", "sim", "--last", "5s", "--last-n", "3")]
    [InlineData("--from:", "read", "sim", "--from", "yesterday-ish")]
    [InlineData("is not a feed name", "journal", "inspect", "a/b")]
    [InlineData("--events must be positive", "journal", "generate", "x", "--events", "0")]
    [InlineData("Option '--events' is required", "journal", "generate", "x")]
    [InlineData("--chunk-size", "journal", "generate", "x", "--events", "5", "--chunk-size", "1000")]
    public void BadInput_FailsWithOneLineAndNonZeroExit(string expected, params string[] arguments)
    {
        Generate("sim", 100);
        var (code, output, error) = _cli.Run(arguments);
        Assert.NotEqual(0, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("deepwater: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_OnACorruptSealedChunk_ExitsNonZeroAndNamesTheLocation()
    {
        Assert.Single(_cli.Lines("journal", "generate", "sim", "--events", "10000", "--start", Start, "--spacing", "1ms", "--chunk-size", "262144"));
        var dir = Path.Combine(_data, "dev", "sim");
        var first = Directory.GetFiles(dir, "*.chunk").Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(first);
        bytes[4096 + 50] ^= 0x01;
        File.WriteAllBytes(first, bytes);
        var (code, output, _) = _cli.Run("journal", "verify", "sim");
        Assert.Equal(1, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("offset 4096", StringComparison.Ordinal) && l.Contains("CRC32C", StringComparison.Ordinal));
        Assert.Matches(@"^records=9999 first_seq=1 last_seq=10000 seq_gaps=0 crc_errors=1 torn_tail_bytes=0$", lines[^1]);
    }

    [Fact]
    public void Replay_CutsTheRangeIntoWindows_AndReportsTotals()
    {
        Generate("sim", 3000); // receive times 1 ms apart from the start
        var (code, output, error) = _cli.Run("replay", "sim", "--start", Start, "--end", "2026-03-01T12:00:00.100Z",
            "--window", "10ms", "--clock", "recv", "--format", "jsonl");
        Assert.True(code == 0, error);
        var windows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(10, windows.Count);
        Assert.All(windows, w => Assert.Equal(10, w.GetProperty("events").GetArrayLength()));
        Assert.Equal("2026-03-01T12:00:00.010000000Z", windows[0].GetProperty("end").GetString());
        Assert.Equal(91, windows[^1].GetProperty("events")[0].GetProperty("seq").GetInt64());
        Assert.Contains("replay: events=100 windows=10 empty_windows_skipped=0 carried=0 out_of_order=0", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_MaxPerWindow_CarriesTheRestForward_NeverDropping()
    {
        Generate("sim", 3000);
        var (code, output, error) = _cli.Run("replay", "sim.quote", "--start", Start, "--end", "2026-03-01T12:00:01Z",
            "--window", "50ms", "--max-per-window", "5", "--clock", "recv", "--format", "jsonl");
        Assert.True(code == 0, error);
        var windows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(windows, w => Assert.InRange(w.GetProperty("events").GetArrayLength(), 1, 5));
        var seqs = windows.SelectMany(w => w.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64())).ToList();
        var quotes = _cli.Lines("read", "sim.quote", "--from", Start, "--to", "2026-03-01T12:00:01Z", "--format", "jsonl")
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(quotes, seqs); // every quote, once, in journal order
        Assert.Contains(windows, w => w.GetProperty("carried_in").GetInt32() > 0);
    }

    [Fact]
    public void Retain_RemovesOldSealedChunks_AndReadsStartAtTheFirstHeld()
    {
        Assert.Single(_cli.Lines("journal", "generate", "sim", "--events", "10000", "--start", Start, "--spacing", "1ms", "--chunk-size", "262144"));
        var removed = Assert.Single(_cli.Lines("journal", "retain", "sim", "--older-than", "1d"));
        Assert.Matches(@"^removed [1-9]\d* chunks; first_seq 1 -> [1-9]\d*$", removed);
        Assert.EndsWith("seq_gaps=0 crc_errors=0 torn_tail_bytes=0", _cli.Lines("journal", "verify", "sim")[^1], StringComparison.Ordinal);
        var (code, _, error) = _cli.Run("journal", "retain", "sim", "--older-than", "0s");
        Assert.Equal(2, code);
        Assert.Contains("--older-than", error, StringComparison.Ordinal);
    }
}
