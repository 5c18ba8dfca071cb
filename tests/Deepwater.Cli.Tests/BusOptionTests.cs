using System.Diagnostics;
using Market.Core.Bus;
using Market.Core.Bus.Nats;
using Market.Core.Fanout;
using Market.Core.Tests.Bus.Nats;

namespace Deepwater.Cli.Tests;

public sealed class BusOptionTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "deepwater-tests", Guid.NewGuid().ToString("N"));
    private readonly CliRunner _cli;

    public BusOptionTests() => _cli = new CliRunner(Path.Combine(_root, "data"));

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void Bus_Unreachable_IsOneLineAndExit1()
    {
        var (code, _, error) = _cli.Run("core", "--feeds", WriteSimFeed(), "--bus", $"nats://127.0.0.1:{NatsServer.FreePort()}", "--duration", "5s");

        Assert.Equal(1, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("deepwater: cannot reach the NATS bus at nats://127.0.0.1:", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bus-token-env", "X")]
    [InlineData("--bus", "nats://user:secret@127.0.0.1:4222")]
    [InlineData("--bus", "nats://127.0.0.1:4222", "--bus-token-env", "DEEPWATER_TEST_UNSET_VARIABLE")]
    [InlineData("--bus", "nats://127.0.0.1:4222", "--bus-user-env", "A")]
    [InlineData("--bus-tls-ca", "ca.pem")]
    public void Bus_BadOrSecretOnTheCommandLine_IsAUserError(params string[] bus)
    {
        var (code, _, error) = _cli.Run(["runtime", "--signals", Path.Combine(_root, "signals"), .. bus]);

        Assert.Equal(2, code);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
        Assert.StartsWith("deepwater: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bus_TlsCaFileMissing_IsAUserErrorNamingTheFile()
    {
        var missing = Path.Combine(_root, "no-such-ca.pem");

        var (code, _, error) = _cli.Run("runtime", "--signals", Path.Combine(_root, "signals"), "--bus", "tls://127.0.0.1:4222", "--bus-tls-ca", missing);

        Assert.Equal(2, code);
        Assert.Contains($"--bus-tls-ca: file '{missing}' does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Core_OverTlsNats_PublishesTheFeed()
    {
        using var ca = TestCertificateAuthority.Create();
        await using var server = await NatsServer.StartWithConfigAsync(ca.ServerConfig);
        using var core = DeepwaterProcess.Start("core", "--feeds", WriteSimFeed(), "--bus", server.TlsUrl, "--bus-tls-ca", ca.CaFile, "--duration", "60s", "--data", Path.Combine(_root, "data"));
        try
        {
            await using var bus = await NatsBus.ConnectAsync(NatsOptions.Default with { Servers = [server.TlsUrl], Name = "test", TlsCaFile = ca.CaFile });
            await using var live = bus.Subscribe("dev.sim.>");
            var first = await live.Messages.ReadAsync().AsTask().WaitAsync(Patience);
            Assert.True(FanoutHeaders.TryGetSequence(first.Headers, out _));
        }
        finally
        {
            Stop(core);
        }
    }

    [Fact]
    public async Task Core_OverNats_PublishesTheFeedAndAnswersJournalReads()
    {
        await using var server = await NatsServer.StartAsync();
        using var core = DeepwaterProcess.Start("core", "--feeds", WriteSimFeed(), "--bus", server.Url, "--duration", "60s", "--data", Path.Combine(_root, "data"));
        try
        {
            await using var bus = await NatsBus.ConnectAsync(NatsOptions.Default with { Servers = [server.Url], Name = "test" });
            await using var live = bus.Subscribe("dev.sim.>");
            var first = await live.Messages.ReadAsync().AsTask().WaitAsync(Patience);
            Assert.True(FanoutHeaders.TryGetSequence(first.Headers, out _));

            // From sequence 1: the start comes from the core's journal through {env}.svc.journal.read, then live.
            using var cts = new CancellationTokenSource(Patience);
            var received = new List<FeedRecord>();
            await foreach (var record in RemoteJournalSubscription.SubscribeFrom(bus, "dev", "sim", 1, cts.Token))
            {
                received.Add(record);
                if (received.Count == 500) break;
            }
            Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), received.Select(r => r.Entry.Sequence));
            Assert.Contains(received, r => r.Symbol is "A" or "B");
        }
        finally
        {
            Stop(core);
        }
    }

    private string WriteSimFeed()
    {
        var path = Path.Combine(_root, "config", "feeds", "sim.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "feed: sim\nkind: sim\nsymbols: [A, B]\n");
        return path;
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }
}
