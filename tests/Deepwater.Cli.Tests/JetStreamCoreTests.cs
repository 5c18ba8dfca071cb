using System.Globalization;
using Market.Core.Bus.Nats;
using Market.Core.Fanout;
using Market.Core.Tests.Bus.Nats;

namespace Deepwater.Cli.Tests;

public sealed class JetStreamCoreTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "deepwater-tests", Guid.NewGuid().ToString("N"));
    private readonly CliRunner _cli;

    public JetStreamCoreTests() => _cli = new CliRunner(_data);

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Core_JetStream_StreamCapturesEveryJournalRecord()
    {
        await using var server = await NatsServer.StartAsync();
        var feed = WriteCaptureFeed();

        var (code, output, error) = _cli.Run("core", "--feeds", feed, "--bus", server.Url, "--jetstream", "--jetstream-max-age", "7d", "--duration", "60s");

        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("deepwater: jetstream stream=DEV_MARKET created subjects=dev.*.*.* storage=file replicas=1 max_age=7d duplicate_window=2m messages=0 ", lines[0], StringComparison.Ordinal);
        var verify = Assert.Single(_cli.Lines("journal", "verify", "cap"));
        var records = ulong.Parse(verify["records=".Length..verify.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        Assert.True(records > 1_000, verify);

        // Plain publishes: the server stores them as they arrive, so wait briefly for the last ones.
        await using var connection = await NatsConnection.ConnectAsync(NatsOptions.Default with { Servers = [server.Url], Name = "test" });
        var jetStream = new NatsJetStream(connection);
        var info = await jetStream.GetStreamInfoAsync("DEV_MARKET");
        for (var i = 0; i < 50 && info.Messages < records; i++)
        {
            await Task.Delay(100);
            info = await jetStream.GetStreamInfoAsync("DEV_MARKET");
        }
        Assert.Equal(records, info.Messages);
        Assert.Equal(["dev.*.*.*"], info.Config.Subjects);
        Assert.Equal(NatsStorage.File, info.Config.Storage);
        Assert.Equal(TimeSpan.FromDays(7), info.Config.MaxAge);
        Assert.True(info.Config.NoAck);

        // A second start finds the stream and updates it (here: the max age), keeping its messages.
        var (again, output2, error2) = _cli.Run("core", "--feeds", feed, "--bus", server.Url, "--jetstream", "--duration", "1s");
        Assert.True(again == 0, error2);
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"deepwater: jetstream stream=DEV_MARKET updated subjects=dev.*.*.* storage=file replicas=1 max_age=unlimited duplicate_window=2m messages={records} "), output2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Core_JetStream_MoreReplicasThanServers_IsOneLineAndExit1()
    {
        await using var server = await NatsServer.StartAsync();

        var (code, _, error) = _cli.Run("core", "--feeds", WriteCaptureFeed(), "--bus", server.Url, "--jetstream", "--jetstream-replicas", "3", "--duration", "5s");

        Assert.Equal(1, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("deepwater: cannot set up JetStream stream DEV_MARKET: ", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_data, "dev", "cap")), "no feed starts when the stream cannot be set up");
    }

    [Theory]
    [InlineData("--jetstream")]
    [InlineData("--bus", "nats://127.0.0.1:4222", "--jetstream", "--jetstream-replicas", "6")]
    [InlineData("--bus", "nats://127.0.0.1:4222", "--jetstream", "--jetstream-max-age", "soon")]
    [InlineData("--jetstream-replicas", "3")]
    public void Core_JetStream_BadArguments_AreUserErrors(params string[] arguments)
    {
        var (code, _, error) = _cli.Run(["core", .. arguments]);

        Assert.Equal(2, code);
        Assert.StartsWith("deepwater: ", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public void MarketStream_Name_IsUpperCaseAndValid()
    {
        Assert.Equal("DEV_MARKET", MarketStream.Name("dev"));
        Assert.Equal("LIVE-EU_MARKET", MarketStream.Name("live-eu"));
        Assert.Equal(TimeSpan.FromMinutes(1), MarketStream.Config("dev", maxAge: TimeSpan.FromMinutes(1)).DuplicateWindow);
    }

    private string WriteCaptureFeed()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Agents.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("Agents.sln not found above the test binaries");
        var capture = Path.GetFullPath(Path.Combine(dir, "..", "shared", "data", "coinbase_advanced_trade_ws.jsonl"));
        var path = Path.Combine(_data, "config", "feeds", "cap.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"feed: cap\nkind: capture\nendpoints:\n  capture: {capture}\nreplay: {{ venue: coinbase, speed: 0 }}\n");
        return path;
    }
}
