using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Market.Core.Journal;
using Mcp.Server;
using Mcp.Server.Transport;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Deepwater.Cli.Bench;

/// <summary>What <c>deepwater bench mcp</c> measures, in one run on this machine.</summary>
internal sealed record McpBenchOptions(string DataDirectory, long Events, int Clients, int Seconds, int Queries = 200, int WarmUp = 50, int Instruments = 4, int Seed = 42);

/// <summary>
/// The MCP server benchmark: a seeded journal, the streamable-HTTP server in this process on a free
/// port with a bearer token, then (a) <c>get_trades</c> and <c>get_orderbook</c> timed one at a time
/// through the SDK's client, and (b) K concurrent SDK clients for S seconds on a mix of the read tools.
/// Clients and server share this machine: the figures include both sides of every call.
/// </summary>
internal static partial class McpBench
{
    private const string Environment = "bench";
    private const string Feed = "synth";

    /// <summary>
    /// High enough never to refuse a bench call: the figures are of the tools and the transport, with
    /// the limiter still consulted on every call, as in production.
    /// </summary>
    private static readonly RateLimitOptions BenchLimits = new(CallsPerMinute: 60_000_000, Burst: 1_000_000);

    public static async Task<IReadOnlyList<KeyValuePair<string, double>>> RunAsync(McpBenchOptions options, TextWriter progress, CancellationToken cancellation)
    {
        var root = Path.Combine(Path.GetFullPath(options.DataDirectory), "bench", $"mcp-{System.Environment.ProcessId}");
        var figures = new List<KeyValuePair<string, double>>();
        void Add(string name, double value) => figures.Add(new(name, Math.Round(value, 3)));
        try
        {
            progress.WriteLine($"build: {options.Events:N0} events (book deltas, 1 in 10 a trade) over {options.Instruments} instruments");
            var started = Stopwatch.GetTimestamp();
            var journal = Build(MmapJournal.PathFor(root, Environment, Feed), options);
            Add("events", options.Events);
            Add("trades", journal.Trades);
            Add("checkpoints", journal.Checkpoints);
            Add("build_s", Stopwatch.GetElapsedTime(started).TotalSeconds);

            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var serverOptions = new DeepwaterMcpOptions { DataDirectory = root, Environment = Environment, RateLimit = BenchLimits };
            await using var host = await McpHttpHost.StartAsync(serverOptions, new McpHttpOptions(new IPEndPoint(IPAddress.Loopback, 0), BearerToken.From(token)),
                cancellationToken: cancellation).ConfigureAwait(false);
            progress.WriteLine($"server: {host.Endpoint}");
            var workload = new Workload(journal);

            await TimeSingleCallsAsync(host.Endpoint, token, workload, options, progress, Add, cancellation).ConfigureAwait(false);
            await LoadAsync(host.Endpoint, token, workload, options, progress, Add, cancellation).ConfigureAwait(false);
            Add("rate_limit_calls_per_minute", BenchLimits.CallsPerMinute);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
        return figures;
    }

    /// <summary>
    /// (a) One client, one call at a time, each after a warm-up on other random arguments: the two
    /// targets (<c>get_trades</c> of 100, <c>get_orderbook</c> at a past instant) <see cref="McpBenchOptions.Queries"/>
    /// times, every other tool of the mix fewer times, so the load phase's figures can be read per tool.
    /// </summary>
    private static async Task TimeSingleCallsAsync(Uri endpoint, string token, Workload workload, McpBenchOptions options, TextWriter progress,
        Action<string, double> add, CancellationToken cancellation)
    {
        await using var client = await ConnectAsync(endpoint, token, cancellation).ConfigureAwait(false);
        // The first inventory read scans every chunk once (then sealed chunks are cached); later calls should not carry it.
        var first = Stopwatch.GetTimestamp();
        await CallAsync(client, new Call("list_markets", []), cancellation).ConfigureAwait(false);
        add("inventory_first_call_ms", Stopwatch.GetElapsedTime(first).TotalMilliseconds);
        var random = new Random(options.Seed + 1);
        var others = Math.Min(options.Queries, 20);
        var series = new List<(string Name, Func<Random, Call> Make, int Count)>
        {
            ("get_trades", workload.Trades, options.Queries),
            ("get_trades_latest", workload.LatestTrades, options.Queries),
            ("get_orderbook", workload.OrderBook, options.Queries),
        };
        series.AddRange(Workload.Tools.Where(t => t is not ("get_trades" or "get_orderbook")).Select(t => (t, (Func<Random, Call>)(r => workload.For(t, r)), others)));
        foreach (var (name, make, count) in series)
        {
            progress.WriteLine($"{name}: {Math.Min(options.WarmUp, count)} warm-up calls, then {count} timed, one at a time");
            for (var i = 0; i < Math.Min(options.WarmUp, count); i++) await CallAsync(client, make(random), cancellation).ConfigureAwait(false);
            var times = new double[count];
            long errors = 0, available = 0;
            for (var i = 0; i < times.Length; i++)
            {
                var call = make(random);
                var before = Stopwatch.GetTimestamp();
                var (failure, result) = await CallAsync(client, call, cancellation).ConfigureAwait(false);
                times[i] = Stopwatch.GetElapsedTime(before).TotalMilliseconds;
                if (failure is not null)
                {
                    errors++;
                    progress.WriteLine($"  {name} failed: {failure}");
                }
                else if (result!.StructuredContent!.Value.GetProperty("meta").TryGetProperty("available", out var a) && a.ValueKind == JsonValueKind.Number)
                {
                    available += a.GetInt64();
                }
            }
            Array.Sort(times);
            add($"{name}_p50_ms", Percentile(times, 0.50));
            add($"{name}_p99_ms", Percentile(times, 0.99));
            add($"{name}_errors", errors);
            // How much the range held: get_trades counts every match of its range, so this is its work.
            if (name == "get_trades") add($"{name}_mean_available", (double)available / count);
        }
    }

    /// <summary>Calls a tool: no failure when it succeeded, else what went wrong (an isError result's code or text).</summary>
    private static async Task<(string? Failure, CallToolResult Result)> CallAsync(McpClient client, Call call, CancellationToken cancellation)
    {
        var result = await client.CallToolAsync(call.Tool, call.Arguments, cancellationToken: cancellation).ConfigureAwait(false);
        if (result.IsError != true) return (null, result);
        var code = result.StructuredContent is { } content && content.TryGetProperty("code", out var c) ? c.GetString() : null;
        return (code ?? string.Join(" ", result.Content.OfType<TextContentBlock>().Select(b => b.Text)), result);
    }

    private static Task<McpClient> ConnectAsync(Uri endpoint, string token, CancellationToken cancellation) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        }), cancellationToken: cancellation);

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
