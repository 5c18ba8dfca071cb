namespace Deepwater.Cli.Tests;

public sealed class SignalsCommandTests : IDisposable
{
    private readonly SignalsFixture _f = new();

    public void Dispose() => _f.Dispose();

    private (int ExitCode, string Output, string Error) Run(params string[] arguments) => _f.Cli.Run([.. arguments, "--signals", _f.SignalsDirectory]);

    private string[] Lines(params string[] arguments) => _f.Cli.Lines([.. arguments, "--signals", _f.SignalsDirectory]);

    [Fact]
    public void Check_HostileFile_ReportsTheExactLineAndExitsOne()
    {
        var file = _f.WriteFile("reader.cs", SignalsFixture.PriceBand(120).Replace(
            "        setup.Subscribe(", "        System.IO.File.ReadAllText(\"/etc/passwd\");\n        setup.Subscribe(", StringComparison.Ordinal));

        var (code, output, _) = Run("signals", "check", file);

        Assert.Equal(1, code);
        var line = output.Split('\n')[0];
        Assert.StartsWith(file + ":", line, StringComparison.Ordinal);
        Assert.StartsWith(":10:19: allowlist DW", line[file.Length..], StringComparison.Ordinal);
        Assert.Contains("System.IO.File.ReadAllText", line, StringComparison.Ordinal);
        Assert.Contains("(hint: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CleanFile_ExitsZero()
    {
        var file = _f.WriteFile("price_band.cs", SignalsFixture.PriceBand(120));

        Assert.EndsWith("ok: 0 error(s), 0 warning(s)", Assert.Single(Lines("signals", "check", file)).Split(", compiled")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Backtest_File_FireCountEqualsReplayingInProcess()
    {
        var file = _f.WriteFile("price_band.cs", SignalsFixture.PriceBand(120));

        var lines = Lines("signals", "backtest", file, "--feed", "coinbase", "--from", SignalsFixture.StartText, "--to", SignalsFixture.EndText, "--limit", "3");

        var summary = Assert.Single(lines, l => l.StartsWith("fires=", StringComparison.Ordinal));
        var inProcess = SignalsFixture.InProcessFires(file, _f.Data, "coinbase", SignalsFixture.Start, SignalsFixture.Start + 60_000_000_000L);
        Assert.Equal(50, inProcess);
        Assert.Equal(inProcess, SignalsFixture.Value(summary, "fires"));
        Assert.Equal(100, SignalsFixture.Value(summary, "events"));
        Assert.Contains("per_symbol: coinbase/BTC-USD=25 coinbase/ETH-USD=25", lines);
        Assert.Contains("first_fire=2026-01-01T00:00:00.021000000Z last_fire=2026-01-01T00:00:00.070000000Z", lines);
        Assert.Contains(lines, l => l.StartsWith("… 47 more fires", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("signal: state=running errors=0", StringComparison.Ordinal));
    }

    [Fact]
    public void Backtest_SpreadBlowoutOnASyntheticJournal_FireCountEqualsReplayingInProcess()
    {
        _f.Cli.Lines("journal", "generate", "sim", "--events", "20000", "--start", SignalsFixture.StartText);
        var file = Path.Combine(RepositoryRoot(), "signals", "spread_blowout.cs");

        var lines = _f.Cli.Lines("signals", "backtest", file, "--feed", "sim", "--from", SignalsFixture.StartText, "--to", "2026-01-02", "--format", "jsonl");

        var inProcess = SignalsFixture.InProcessFires(file, _f.Data, "sim", SignalsFixture.Start, SignalsFixture.Start + 86_400_000_000_000L);
        Assert.Equal(inProcess, lines.Length); // jsonl: one fire per line on stdout, the summary on stderr
        Assert.All(lines, l => Assert.StartsWith("{\"signal\":\"spread_blowout\"", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Backtest_NameWithParamAndSymbol_RunsHeadOfTheRepository()
    {
        var head = _f.Repository.Commit("price_band", SignalsFixture.PriceBand(120), "Add price_band", SignalsFixture.Author);

        var lines = Lines("signals", "backtest", "price_band", "--feed", "coinbase", "--symbol", "BTC-USD", "--param", "low=140",
            "--from", SignalsFixture.StartText, "--to", SignalsFixture.EndText, "--format", "jsonl", "--limit", "100");

        // Prices 141..190 on even trades (BTC-USD): 142, 144 … 190.
        Assert.Equal(25, lines.Length);
        Assert.All(lines, l => Assert.Contains($"\"symbol\":\"BTC-USD\"", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Contains($"\"commit\":\"{head}\"", l, StringComparison.Ordinal));
        Assert.Contains("\"message\":\"price 142 above 140\"", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_TwoCommitsDifferingInTheFloor_ReportsAddedRemovedAndChanged()
    {
        var baseline = _f.Repository.Commit("price_band", SignalsFixture.PriceBand(120), "Add price_band", SignalsFixture.Author);
        var candidate = _f.Repository.Commit("price_band", SignalsFixture.PriceBand(140), "Raise the floor", SignalsFixture.Author);

        var lines = Lines("signals", "diff", "--baseline", baseline, "--candidate", candidate, "--feed", "coinbase",
            "--from", SignalsFixture.StartText, "--to", SignalsFixture.EndText);

        // 121..170 against 141..190: 121..140 removed, 171..190 added, 141..170 fire in both with a new message.
        var counts = Assert.Single(lines, l => l.StartsWith("baseline_fires=", StringComparison.Ordinal));
        Assert.Equal("baseline_fires=50 candidate_fires=50 added=20 removed=20 changed=30 unchanged=0 events=100", counts);
        Assert.Contains("added (20, first 5):", lines);
        Assert.Contains(lines, l => l.StartsWith("+ 2026-01-01T00:00:00.071000000Z", StringComparison.Ordinal) && l.Contains("price 171 above 140", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("- 2026-01-01T00:00:00.021000000Z", StringComparison.Ordinal) && l.Contains("price 121 above 120", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("~ 2026-01-01T00:00:00.041000000Z", StringComparison.Ordinal));
        Assert.Contains("  → price 141 above 140 price=141", lines);
    }

    [Fact]
    public void Diff_CandidateFile_ComparesTheDraftWithTheCommit()
    {
        var baseline = _f.Repository.Commit("price_band", SignalsFixture.PriceBand(120), "Add price_band", SignalsFixture.Author);
        var draft = _f.WriteFile("price_band.cs", SignalsFixture.PriceBand(120));

        var lines = Lines("signals", "diff", "--baseline", baseline, "--candidate", draft, "--feed", "coinbase", "--from", SignalsFixture.StartText, "--to", SignalsFixture.EndText);

        Assert.Contains("baseline_fires=50 candidate_fires=50 added=0 removed=0 changed=0 unchanged=50 events=100", lines);
    }

    [Fact]
    public void Runtime_FromStart_ThenHistoryAndList_ShowTheFiresItRecorded()
    {
        var commit = _f.Repository.Commit("price_band", SignalsFixture.PriceBand(120), "Add price_band", SignalsFixture.Author);

        // The journal was written before the runtime started: --from-start backfills it once the signal is deployed.
        var runtime = Lines("runtime", "--from-start", "--duration", "2s");

        Assert.Contains(runtime, l => l.StartsWith($"deepwater: deployed {commit[..12]}: loaded price_band", StringComparison.Ordinal));
        var stopped = runtime[^1];
        Assert.StartsWith("deepwater: stopped runtime running=1 broken=0 quarantined=0 events=100 fires=50", stopped, StringComparison.Ordinal);

        var history = Lines("signals", "history", "price_band", "--format", "jsonl", "--limit", "1000");
        Assert.Equal(50, history.Length);
        Assert.All(history, l => Assert.Contains($"\"commit\":\"{commit}\"", l, StringComparison.Ordinal));

        var table = Lines("signals", "history", "price_band", "--from", "2026-01-01T00:00:00.060Z", "--limit", "5");
        Assert.Equal("price_band: 1 commit(s), newest first", table[0]);
        Assert.StartsWith($"  {commit[..12]} ", table[1], StringComparison.Ordinal);
        Assert.EndsWith("Add price_band", table[1], StringComparison.Ordinal);
        Assert.StartsWith("time ", table[2], StringComparison.Ordinal);
        Assert.Equal(5, table.Length - 3);
        Assert.StartsWith("2026-01-01T00:00:00.060000000Z", table[3], StringComparison.Ordinal);

        var list = Lines("signals", "list");
        var row = Assert.Single(list, l => l.StartsWith("price_band ", StringComparison.Ordinal));
        Assert.Contains(commit[..12], row, StringComparison.Ordinal);
        Assert.Contains(" 50  A trade prints inside a 50-unit band above the floor.", row, StringComparison.Ordinal);
    }

    [Fact]
    public void List_CommittedSignals_NameCommitAndDescription()
    {
        _f.Repository.Commit("price_band", SignalsFixture.PriceBand(120), "Add price_band", SignalsFixture.Author);
        var head = _f.Repository.Commit("other_band", SignalsFixture.PriceBand(10), "Add other_band", SignalsFixture.Author);
        File.WriteAllText(Path.Combine(_f.SignalsDirectory, "uncommitted.cs"), SignalsFixture.PriceBand(1));

        var lines = Lines("signals", "list");

        Assert.Equal($"signals at {head[..12]} of {_f.SignalsDirectory}", lines[0]);
        Assert.StartsWith("other_band ", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("price_band ", lines[3], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length); // the uncommitted file is not deployed, so not listed
        Assert.Contains(" test ", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("-  A trade prints inside a 50-unit band above the floor.", lines[2], StringComparison.Ordinal); // no signal journal yet
    }

    [Theory]
    [InlineData("backtest", "nosuch", "--feed", "coinbase", "--from", SignalsFixture.StartText, "--to", SignalsFixture.EndText)]
    [InlineData("backtest", "price_band", "--feed", "coinbase", "--from", "yesterday-ish", "--to", SignalsFixture.EndText)]
    [InlineData("backtest", "price_band", "--feed", "coinbase", "--from", SignalsFixture.EndText, "--to", SignalsFixture.StartText)]
    [InlineData("backtest", "price_band", "--feed", "kraken", "--from", SignalsFixture.StartText, "--to", SignalsFixture.EndText)]
    [InlineData("backtest", "price_band", "--feed", "coinbase", "--param", "low", "--from", SignalsFixture.StartText, "--to", SignalsFixture.EndText)]
    [InlineData("backtest", "price_band", "--feed", "coinbase", "--param", "high=3", "--from", SignalsFixture.StartText, "--to", SignalsFixture.EndText)]
    [InlineData("backtest", "price_band", "--feed", "coinbase", "--speed", "fast", "--from", SignalsFixture.StartText, "--to", SignalsFixture.EndText)]
    [InlineData("backtest", "price_band", "--feed", "coinbase", "--symbol", "XRP-USD", "--from", SignalsFixture.StartText, "--to", SignalsFixture.EndText)]
    [InlineData("diff", "--baseline", "deadbeef", "--candidate", "HEAD", "--feed", "coinbase", "--from", SignalsFixture.StartText, "--to", SignalsFixture.EndText)]
    [InlineData("history", "nosuch")]
    [InlineData("check", "missing.cs")]
    public void Signals_BadArgument_ExitsTwoWithOneLine(params string[] arguments)
    {
        _f.Repository.Commit("price_band", SignalsFixture.PriceBand(120), "Add price_band", SignalsFixture.Author);

        var (code, _, error) = Run(["signals", .. arguments]);

        Assert.Equal(2, code);
        Assert.StartsWith("deepwater: ", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Run_WithASignalsRepository_StatusShowsTheRuntime()
    {
        _f.Repository.Commit("price_band", SignalsFixture.PriceBand(120), "Add price_band", SignalsFixture.Author);

        var lines = Lines("run", "--duration", "1s", "--rate", "1000");

        Assert.Contains(lines, l => l.StartsWith("deepwater: deployed ", StringComparison.Ordinal) && l.Contains("loaded price_band", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("deepwater: status signals running=1 broken=0 quarantined=0 ", StringComparison.Ordinal));
        Assert.StartsWith("deepwater: stopped after ", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SignalsFolderOutsideGit_SaysSignalsAreOffAndRuns()
    {
        var lines = _f.Cli.Lines("run", "--duration", "200ms", "--signals", Path.Combine(_f.Root, "not-a-repo"));

        Assert.Contains(lines, l => l.StartsWith("deepwater: signals are off: ", StringComparison.Ordinal) && l.Contains("--init", StringComparison.Ordinal));
        Assert.StartsWith("deepwater: stopped after ", lines[^1], StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Agents.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("Agents.sln not found above the test binaries");
        return dir;
    }
}
