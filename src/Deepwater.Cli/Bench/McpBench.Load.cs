using System.Diagnostics;
using ModelContextProtocol.Client;

namespace Deepwater.Cli.Bench;

/// <summary>(b) of <c>deepwater bench mcp</c>: K concurrent SDK clients over HTTP for S seconds.</summary>
internal static partial class McpBench
{
    private const int ErrorsShown = 5;

    /// <summary>
    /// Connects K clients (one session each), then each calls the mix back to back until the time is
    /// up. Errors are exceptions (protocol, transport) and isError results; RATE_LIMITED is counted
    /// apart, and should stay 0 under <see cref="BenchLimits"/>.
    /// </summary>
    private static async Task LoadAsync(Uri endpoint, string token, Workload workload, McpBenchOptions options, TextWriter progress,
        Action<string, double> add, CancellationToken cancellation)
    {
        progress.WriteLine($"load: {options.Clients} concurrent clients for {options.Seconds} s on {string.Join(", ", Workload.Tools)}");
        var clients = await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => ConnectAsync(endpoint, token, cancellation))).ConfigureAwait(false);
        var results = new ClientResult[clients.Length];
        try
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(options.Seconds * (double)Stopwatch.Frequency);
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(clients.Select((client, i) => Task.Run(async () =>
                results[i] = await ClientLoopAsync(client, workload, new Random(options.Seed + 100 + i), deadline, cancellation).ConfigureAwait(false), cancellation)))
                .ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            var calls = results.Sum(r => r.Latencies.Count);
            var all = new LatencyHistogram(calls);
            foreach (var r in results) foreach (var ticks in r.Latencies) all.Add(ticks);
            var errors = results.Sum(r => r.Errors);
            add("load_clients", options.Clients);
            add("load_seconds", seconds);
            add("load_calls", calls);
            add("load_calls_per_s", calls / seconds);
            add("load_errors", errors);
            add("load_protocol_errors", results.Sum(r => r.ProtocolErrors));
            add("load_rate_limited", results.Sum(r => r.RateLimited));
            add("load_p50_ms", all.PercentileNanos(0.50) / 1e6);
            add("load_p99_ms", all.PercentileNanos(0.99) / 1e6);
            add("load_max_ms", all.PercentileNanos(1.0) / 1e6);
            foreach (var message in results.SelectMany(r => r.Messages).Take(ErrorsShown)) progress.WriteLine($"  error: {message}");
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record ClientResult(List<long> Latencies, int Errors, int ProtocolErrors, int RateLimited, List<string> Messages);

    private static async Task<ClientResult> ClientLoopAsync(McpClient client, Workload workload, Random random, long deadline, CancellationToken cancellation)
    {
        var latencies = new List<long>(16_384);
        var messages = new List<string>();
        int errors = 0, protocolErrors = 0, rateLimited = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var call = workload.Next(random);
            var before = Stopwatch.GetTimestamp();
            string? failure;
            try
            {
                (failure, _) = await CallAsync(client, call, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                // Anything the transport or protocol throws is an error of the server under load, whatever its type.
                protocolErrors++;
                failure = $"{e.GetType().Name}: {e.Message}";
            }
            latencies.Add(Stopwatch.GetTimestamp() - before);
            if (failure is null) continue;
            if (failure == "RATE_LIMITED")
            {
                rateLimited++;
                continue;
            }
            errors++;
            if (messages.Count < ErrorsShown) messages.Add($"{call.Tool}: {failure}");
        }
        return new ClientResult(latencies, errors, protocolErrors, rateLimited, messages);
    }
}
