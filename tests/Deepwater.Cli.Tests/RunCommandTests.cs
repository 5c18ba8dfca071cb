namespace Deepwater.Cli.Tests;

public sealed partial class RunCommandTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "deepwater-tests", Guid.NewGuid().ToString("N"));
    private readonly CliRunner _cli;

    public RunCommandTests() => _cli = new CliRunner(_data);

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void Run_Duration_StopsByItselfWithAVerifiedJournalAndStatusLines()
    {
        var lines = _cli.Lines("run", "--duration", "1s");
        Assert.Contains(lines, l => l.StartsWith("deepwater: status feed=sim ", StringComparison.Ordinal));
        var final = lines[^1];
        Assert.StartsWith("deepwater: stopped after ", final, StringComparison.Ordinal);
        var lastSeq = long.Parse(final[(final.IndexOf("last_seq=", StringComparison.Ordinal) + 9)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(lastSeq > 0);
        var verify = Assert.Single(_cli.Lines("journal", "verify", "sim"));
        Assert.Equal($"records={lastSeq} first_seq=1 last_seq={lastSeq} seq_gaps=0 crc_errors=0 torn_tail_bytes=0", verify);
    }

    [Fact]
    public void Run_AgainOnTheSameJournal_Appends()
    {
        var first = _cli.Lines("run", "--duration", "200ms", "--rate", "5000", "--feed", "other")[^1];
        var second = _cli.Lines("run", "--duration", "200ms", "--rate", "5000", "--feed", "other")[^1];
        static long Last(string line) => long.Parse(line[(line.IndexOf("last_seq=", StringComparison.Ordinal) + 9)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Last(second) > Last(first));
        Assert.EndsWith("seq_gaps=0 crc_errors=0 torn_tail_bytes=0", Assert.Single(_cli.Lines("journal", "verify", "other")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--rate", "-1")]
    [InlineData("--duration", "soon")]
    [InlineData("--feed", "../x")]
    public void Run_BadArgument_ExitsTwoNamingIt(string option, string value)
    {
        var (code, _, error) = _cli.Run("run", option, value);
        Assert.Equal(2, code);
        Assert.StartsWith("deepwater: ", error, StringComparison.Ordinal);
    }
}
