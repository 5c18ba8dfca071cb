using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Deepwater.Cli.Commands;
using Market.Core.Bus.Nats;

namespace Deepwater.Cli.Bench;

/// <summary>
/// <c>deepwater bench bus</c>: publish throughput of 64-byte payloads through our NATS client to a
/// nats-server (the one at --url, or a local one started from PATH for the run). Timed from the
/// first publish to the PONG after the last, so every message has reached the server.
/// </summary>
internal static class BusBench
{
    public static IReadOnlyList<KeyValuePair<string, double>> Run(string? url, long messages, int publishers, TextWriter progress)
    {
        Process? server = null;
        try
        {
            if (url is null) (server, url) = StartServer();
            progress.WriteLine($"bench bus: {messages:N0} x 64 B to {url}, {publishers} publisher(s)");
            return Measure(url, messages, publishers).GetAwaiter().GetResult();
        }
        finally
        {
            if (server is not null)
            {
                server.Kill(entireProcessTree: true);
                server.WaitForExit();
                server.Dispose();
            }
        }
    }

    private static async Task<IReadOnlyList<KeyValuePair<string, double>>> Measure(string url, long messages, int publishers)
    {
        await using var connection = await NatsConnection.ConnectAsync(NatsOptions.Default with { Servers = [url], Name = "bench" });
        var payload = new byte[64];
        // Warm-up: JIT and pipe segments.
        for (var i = 0; i < 100_000; i++) await connection.PublishAsync("bench.warm", payload);
        await connection.FlushAsync();

        var perPublisher = messages / publishers;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, publishers).Select(p => Task.Run(async () =>
        {
            var subject = $"bench.p{p}";
            for (long i = 0; i < perPublisher; i++) await connection.PublishAsync(subject, payload);
        })));
        var published = clock.Elapsed;
        await connection.FlushAsync();
        var flushed = clock.Elapsed;
        var total = perPublisher * publishers;
        return
        [
            new("messages", total),
            new("publish_msgs_per_s", total / published.TotalSeconds),
            new("to_server_msgs_per_s", total / flushed.TotalSeconds),
            new("to_server_mb_per_s", total * (64 + 20) / flushed.TotalSeconds / 1e6),
        ];
    }

    private static (Process, string) StartServer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo("nats-server", $"-a 127.0.0.1 -p {port}") { UseShellExecute = false, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new UserError($"nats-server is not on PATH ({e.Message}): install it (apt-get install nats-server) or pass --url");
        }
        while (process.StandardError.ReadLine() is { } line)
        {
            if (line.Contains("Server is ready", StringComparison.Ordinal)) break;
        }
        _ = process.StandardError.ReadToEndAsync();
        return (process, $"nats://127.0.0.1:{port}");
    }
}
