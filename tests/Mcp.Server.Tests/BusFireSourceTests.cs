using System.Diagnostics;
using System.Text.Json;
using Market.Core.Bus;
using Market.Core.Bus.Nats;
using Market.Core.Tests.Bus.Nats;
using Mcp.Server.Data;
using Mcp.Server.Results;
using Microsoft.Extensions.DependencyInjection;
using Signals.Library;
using Signals.Runtime.Deployment;
using Signals.Runtime.Fires;
using Signals.Runtime.Hosting;

namespace Mcp.Server.Tests;

/// <summary>
/// A runtime's fires read over the bus (<c>{env}.svc.signals.history</c>) by a server with no signal
/// journal of its own: the same pages, cursors and errors as reading the journal directly.
/// </summary>
public sealed class BusFireSourceTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private static readonly long Start = DateTimeOffset.Parse("2026-08-10T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() * 1_000_000;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dw-busfires-" + Guid.NewGuid().ToString("N"));

    private string RuntimeData => Path.Combine(_root, "runtime-data");

    [Fact]
    public async Task History_OverNats_EveryPageEqualsTheLocalJournalFireByFire_ThroughByteCappedReplies()
    {
        await using var server = await NatsServer.StartAsync();
        await using var bus = await NatsBus.ConnectAsync(NatsOptions.Default with { Servers = [server.Url], Name = "test-fires" });
        using var journal = WriteFires();
        await using var service = new SignalHistoryService(bus, "dev", journal.Journal);
        var local = new LocalFireSource(new SignalStore(new DeepwaterMcpOptions { DataDirectory = RuntimeData }));
        var remote = new BusFireSource(bus, "dev");

        foreach (var limit in new[] { 7, 1000 })
        {
            var (localFires, remoteFires, pages) = (0, 0, 0);
            long? localNext = null, remoteNext = null;
            do
            {
                var expected = local.History("t", "big", long.MinValue, long.MaxValue, limit, localNext, out _)!;
                var actual = remote.History("t", "big", long.MinValue, long.MaxValue, limit, remoteNext, out _)!;
                Assert.Equal(expected.Fires, actual.Fires);
                Assert.Equal(expected.Next, actual.Next);
                (localNext, remoteNext) = (expected.Next, actual.Next);
                localFires += expected.Fires.Count;
                remoteFires += actual.Fires.Count;
                pages++;
            }
            while (localNext is not null);
            Assert.Equal((150, 150), (localFires, remoteFires));
            Assert.Equal(limit == 7 ? 22 : 1, pages);
        }

        // One reply stops at its byte cap, well under max_payload, and says where to go on.
        var raw = await bus.RequestAsync(SignalHistoryService.Subject("dev"), new SignalHistoryQuery("big", long.MinValue, long.MaxValue, 1000).ToJson(), TimeSpan.FromSeconds(5));
        Assert.InRange(raw.Payload.Length, 1, 600_000);
        var reply = SignalHistoryReply.Parse(raw.Payload.Span);
        Assert.True(reply.More);
        Assert.InRange(reply.Fires!.Count, 1, 149);

        var names = new[] { "big", "small", "quiet" };
        Assert.Equal(local.Recent("t", names, TimeSpan.FromHours(24).Ticks * 100, 1_000_000).OrderBy(p => p.Key),
            remote.Recent("t", names, TimeSpan.FromHours(24).Ticks * 100, 1_000_000).OrderBy(p => p.Key));
    }

    [Fact]
    public async Task GetSignalHistory_ServerWithABusAndNoJournal_CursorPagesAndErrorsAsTheServerOnTheJournal()
    {
        await using var server = await NatsServer.StartAsync();
        await using var bus = await NatsBus.ConnectAsync(NatsOptions.Default with { Servers = [server.Url], Name = "test-fires" });
        using var journal = WriteFires();
        await using var service = new SignalHistoryService(bus, "dev", journal.Journal);
        await using var onJournal = await InProcessServer.StartAsync(new DeepwaterMcpOptions { DataDirectory = RuntimeData });
        await using var overBus = await InProcessServer.StartAsync(new DeepwaterMcpOptions { DataDirectory = Path.Combine(_root, "mcp-data") },
            s => s.AddSingleton<IBus>(bus));

        var expected = await AllPagesAsync(onJournal, "small");
        var actual = await AllPagesAsync(overBus, "small");

        Assert.Equal(150, expected.Fires.Count);
        Assert.Equal(expected.Fires, actual.Fires);
        Assert.Equal(expected.Cursors, actual.Cursors);
        Assert.Equal(Commit, JsonDocument.Parse(actual.Fires[0]).RootElement.GetProperty("commit").GetString());
        var unknown = await overBus.Client.ErrorAsync("get_signal_history", new { name = "no_such_signal" });
        Assert.Equal(await onJournal.Client.ErrorAsync("get_signal_history", new { name = "no_such_signal" }), unknown);
        Assert.Equal(ErrorCodes.UnknownSignal, unknown.Code);
        Assert.Equal("get_signal_history: no signal 'no_such_signal' has commits or fires", unknown.Message);
    }

    [Fact]
    public async Task GetSignalHistory_NoRuntimeOnTheBus_UnavailableNamingTheSubjectAtOnce()
    {
        await using var server = await NatsServer.StartAsync();
        await using var bus = await NatsBus.ConnectAsync(NatsOptions.Default with { Servers = [server.Url], Name = "test-fires" });
        var signals = Path.Combine(_root, "signals");
        SignalRepository.Open(signals, initialize: true).Commit("price_band", TestSignals.EveryNthTrade(10), "Add price_band", new SignalAuthor("A. Quant", "quant@example.com"));
        await using var overBus = await InProcessServer.StartAsync(new DeepwaterMcpOptions { DataDirectory = Path.Combine(_root, "mcp-data"), SignalsDirectory = signals },
            s => s.AddSingleton<IBus>(bus));

        var clock = Stopwatch.StartNew();
        var (code, message, hint) = await overBus.Client.ErrorAsync("get_signal_history", new { name = "price_band" });

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"answered after {clock.Elapsed}");
        Assert.Equal(ErrorCodes.Unavailable, code);
        Assert.StartsWith("get_signal_history: no signal runtime answered on dev.svc.signals.history within 2s", message, StringComparison.Ordinal);
        Assert.Contains("deepwater runtime --bus", hint, StringComparison.Ordinal);
        // The list survives without its fire figures, and says why.
        var listed = await overBus.Client.OkAsync("list_signals");
        Assert.Equal(JsonValueKind.Null, listed.Data()[0].GetProperty("fires_24h").ValueKind);
        Assert.Contains("fires_24h unknown: list_signals: no signal runtime answered on dev.svc.signals.history", listed.Meta().GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_RuntimeNeverAnswers_TimesOutWithinTheTimeout()
    {
        await using var bus = new InProcessBus();
        await using var silent = bus.Subscribe(SignalHistoryService.Subject("dev"));
        var source = new BusFireSource(bus, "dev", TimeSpan.FromMilliseconds(200));

        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<ToolError>(() => source.History("get_signal_history", "price_band", 0, long.MaxValue, 10, null, out _));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"answered after {clock.Elapsed}");
        Assert.Equal(ErrorCodes.Unavailable, error.Code);
        Assert.Equal("get_signal_history: no signal runtime answered on dev.svc.signals.history within 0.2s (timed out); this server has no signal journal of its own, so it reads fires from the runtime", error.Message);
    }

    [Theory]
    [InlineData("""{"query":"history","signal":"x","from":5,"to":1,"limit":10}""", "'from' (5) must be before 'to' (1)")]
    [InlineData("""{"query":"history","signal":"x","from":0,"to":1,"limit":5000}""", "'limit' is 5000, outside 1..1000")]
    [InlineData("""{"query":"history","signal":"../x","from":0,"to":1,"limit":10}""", "'../x' is not a signal name")]
    [InlineData("""{"query":"history","signal":"x","from":0,"to":1,"limit":10,"from_sequence":0}""", "'from_sequence' is 0; sequences start at 1")]
    [InlineData("""{"query":"recent","signals":["x"],"window":0,"scan_budget":10}""", "'window' is 0; it must be positive")]
    [InlineData("""{"query":"tail"}""", "not a signal history query")]
    public async Task Service_BadQuery_InvalidArgumentSayingWhy(string query, string why)
    {
        await using var bus = new InProcessBus();
        using var journal = SignalJournal.Open(RuntimeData, "dev");
        await using var service = new SignalHistoryService(bus, "dev", journal.Journal);

        var answer = await bus.RequestAsync(SignalHistoryService.Subject("dev"), System.Text.Encoding.UTF8.GetBytes(query), TimeSpan.FromSeconds(5));
        var error = SignalHistoryReply.Parse(answer.Payload.Span).Error!;

        Assert.Equal(SignalHistoryError.InvalidArgument, error.Code);
        Assert.StartsWith(why, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    /// <summary>150 fires of "big" (4 KB each, so 1000 of them overflow a reply) between 150 of "small".</summary>
    private SignalJournal WriteFires()
    {
        var journal = SignalJournal.Open(RuntimeData, "dev");
        var padding = new string('x', 4_000);
        for (var i = 0; i < 300; i++)
        {
            var ts = Start + (i * 1_000_000_000L);
            var big = i % 2 == 0;
            journal.OnFire(new SignalFire(0, ts, ts, FireKind.Fire, Side.None, i + 1, big ? "big" : "small", Commit, "hash", "coinbase", "BTC-USD",
                $"fire {i}", big ? [FireField.Of("i", (long)i), FireField.Of("pad", padding)] : [FireField.Of("i", (long)i), FireField.Of("price", 120.5 + i)]));
        }
        return journal;
    }

    private static async Task<(List<string> Fires, List<string?> Cursors)> AllPagesAsync(InProcessServer server, string name)
    {
        var (fires, cursors) = (new List<string>(), new List<string?>());
        string? cursor = null;
        do
        {
            var page = await server.Client.OkAsync("get_signal_history", new { name, limit = 20, cursor });
            fires.AddRange(page.Data().EnumerateArray().Select(f => f.GetRawText()));
            cursor = page.Meta().GetProperty("next_cursor").GetString();
            cursors.Add(cursor);
        }
        while (cursor is not null && fires.Count < 1000);
        return (fires, cursors);
    }
}
