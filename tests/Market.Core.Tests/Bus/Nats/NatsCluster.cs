using System.Globalization;
using System.Net.Http;
using System.Text.Json;

namespace Market.Core.Tests.Bus.Nats;

/// <summary>
/// A JetStream cluster of real nats-servers on loopback: each node has its own client, route and
/// monitoring port, its own store, a server name (n0, n1, ...) and routes to every other node.
/// </summary>
public sealed class NatsCluster : IAsyncDisposable
{
    private static readonly TimeSpan FormTimeout = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly List<NatsServer> _nodes = [];
    private readonly int[] _monitorPorts;

    private NatsCluster(int size) => _monitorPorts = new int[size];

    public IReadOnlyList<NatsServer> Nodes => _nodes;

    /// <summary>
    /// Starts <paramref name="size"/> nodes and returns once every node has a route to every other;
    /// <paramref name="config"/>, when given, is every node's config file (e.g. a client <c>tls { }</c> block).
    /// </summary>
    public static async Task<NatsCluster> StartAsync(int size = 3, string? config = null)
    {
        var cluster = new NatsCluster(size);
        try
        {
            var routePorts = Enumerable.Range(0, size).Select(_ => NatsServer.FreePort()).ToArray();
            var routes = string.Join(',', routePorts.Select(p => $"nats://127.0.0.1:{p}"));
            for (var i = 0; i < size; i++)
            {
                cluster._monitorPorts[i] = NatsServer.FreePort();
                string[] args =
                [
                    "-n", Name(i), "--cluster_name", "deepwater-test",
                    "--cluster", $"nats://127.0.0.1:{routePorts[i]}", "--routes", routes,
                    "-m", cluster._monitorPorts[i].ToString(CultureInfo.InvariantCulture),
                ];
                cluster._nodes.Add(config is null ? await NatsServer.StartAsync(args) : await NatsServer.StartWithConfigAsync(config, args));
            }
            await cluster.WaitForRoutesAsync(size - 1);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public static string Name(int node) => "n" + node.ToString(CultureInfo.InvariantCulture);

    /// <summary>Polls each node's <c>/routez</c> until it has <paramref name="routes"/> routes ("Server is ready" comes before routes are up).</summary>
    public async Task WaitForRoutesAsync(int routes)
    {
        var deadline = DateTime.UtcNow + FormTimeout;
        for (var i = 0; i < _nodes.Count; i++)
        {
            while (await RoutesAsync(i) < routes)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"cluster node {Name(i)} has fewer than {routes} routes after {FormTimeout}");
                await Task.Delay(50);
            }
        }
    }

    private async Task<int> RoutesAsync(int node)
    {
        try
        {
            using var json = JsonDocument.Parse(await Http.GetStringAsync($"http://127.0.0.1:{_monitorPorts[node]}/routez"));
            return json.RootElement.GetProperty("num_routes").GetInt32();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0; // monitoring not listening yet
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
    }
}
