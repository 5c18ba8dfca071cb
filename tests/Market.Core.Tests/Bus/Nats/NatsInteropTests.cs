using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Market.Core.Bus;
using Market.Core.Bus.Nats;
using static Market.Core.Tests.Bus.Nats.NatsTestSupport;

namespace Market.Core.Tests.Bus.Nats;

/// <summary>
/// Byte-for-byte interop with the independent npm <c>nats</c> client (tests/interop/nats-js), both
/// ways: payloads from 0 bytes to max_payload, binary, with and without headers.
/// </summary>
public sealed class NatsInteropTests(NatsServerFixture server) : IClassFixture<NatsServerFixture>
{
    private static readonly TimeSpan NodePatience = TimeSpan.FromSeconds(60);

    private sealed record Sample(byte[] Payload, BusHeaders? Headers);

    /// <summary>Sizes 0..max_payload, random bytes (every byte value, CR/LF included); every other one with headers.</summary>
    private static List<Sample> Samples(int maxPayload, bool multiValue)
    {
        var random = new Random(20261121);
        var sizes = new List<int> { 0, 1, 2, 7, 64, 127, 128, 255, 256, 1023, 1024, 4095, 4096, 65_535, 65_536, 100_000, maxPayload - 4096, maxPayload - 1024 };
        var samples = new List<Sample>();
        for (var i = 0; i < sizes.Count; i++)
        {
            var payload = new byte[sizes[i]];
            random.NextBytes(payload);
            BusHeaders? headers = null;
            if (i % 2 == 1)
            {
                headers = new BusHeaders { ["Deepwater-Seq"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["X-Text"] = "héllo wörld: a=b;c" };
                if (multiValue) headers["X-Multi"] = "first, second";
            }
            samples.Add(new Sample(payload, headers));
        }
        // No headers: the whole max_payload is the payload.
        var full = new byte[maxPayload];
        random.NextBytes(full);
        samples.Add(new Sample(full, null));
        return samples;
    }

    [Fact]
    public async Task OurPublishes_ArriveIntactAtTheNpmClient()
    {
        await using var bus = await NatsBus.ConnectAsync(Options(server.Url));
        var samples = Samples((int)bus.Connection.ServerInfo.MaxPayload, multiValue: true);
        using var node = NodeInterop.Start("interop.mjs", "sub", server.Url, "interop.to-js", samples.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var stderr = node.StandardError.ReadToEndAsync();
        try
        {
            Assert.Equal("READY", await ReadLineAsync(node, stderr));
            foreach (var sample in samples) await bus.PublishAsync("interop.to-js", sample.Payload, sample.Headers);
            await bus.FlushAsync().WaitAsync(Patience);

            foreach (var sample in samples)
            {
                using var line = JsonDocument.Parse(await ReadLineAsync(node, stderr));
                var root = line.RootElement;
                Assert.Equal(sample.Payload, Convert.FromBase64String(root.GetProperty("data").GetString()!));
                var headers = root.GetProperty("headers");
                if (sample.Headers is null)
                {
                    Assert.Equal(JsonValueKind.Null, headers.ValueKind);
                    continue;
                }
                // One value per name on our side: nats.js sees exactly one, byte for byte.
                var received = headers.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray());
                Assert.Equal(sample.Headers.Keys.Order(StringComparer.Ordinal), received.Keys.Order(StringComparer.Ordinal));
                foreach (var (name, value) in sample.Headers) Assert.Equal([value], received[name]);
            }
            Assert.True(node.WaitForExit(NodePatience), "node did not exit after its last message");
            Assert.True(node.ExitCode == 0, await stderr);
        }
        finally
        {
            if (!node.HasExited) node.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task NpmClientsPublishes_ArriveIntactAtOurs()
    {
        await using var bus = await NatsBus.ConnectAsync(Options(server.Url));
        var maxPayload = (int)bus.Connection.ServerInfo.MaxPayload;
        var samples = Samples(maxPayload, multiValue: false);
        await using var subscription = bus.Subscribe("interop.from-js");
        await bus.FlushAsync().WaitAsync(Patience);

        // Repeated names are how NATS carries multi-valued headers; ours folds them with ", ".
        var multi = new byte[300];
        new Random(7).NextBytes(multi);
        var lines = samples.Select(s => ToJsonLine(s.Payload, s.Headers?.ToDictionary(h => h.Key, h => new[] { h.Value })))
            .Append(ToJsonLine(multi, new Dictionary<string, string[]> { ["X-Multi"] = ["first", "second", "third"], ["Single"] = ["v"] }))
            .ToList();

        using var node = NodeInterop.Start("interop.mjs", "pub", server.Url, "interop.from-js");
        var stderr = node.StandardError.ReadToEndAsync();
        try
        {
            foreach (var line in lines) await node.StandardInput.WriteLineAsync(line);
            node.StandardInput.Close();

            foreach (var sample in samples)
            {
                var message = await ReadAsync(subscription);
                Assert.Equal(sample.Payload, message.Payload.ToArray());
                if (sample.Headers is null) Assert.Null(message.Headers);
                else Assert.Equal(sample.Headers.OrderBy(h => h.Key, StringComparer.Ordinal), message.Headers!.OrderBy(h => h.Key, StringComparer.Ordinal));
            }
            var last = await ReadAsync(subscription);
            Assert.Equal(multi, last.Payload.ToArray());
            Assert.Equal("first, second, third", last.Headers!["X-Multi"]);
            Assert.Equal("v", last.Headers["Single"]);
            Assert.True(node.WaitForExit(NodePatience), "node did not exit");
            Assert.True(node.ExitCode == 0, await stderr);
        }
        finally
        {
            if (!node.HasExited) node.Kill(entireProcessTree: true);
        }
    }

    private static string ToJsonLine(byte[] payload, Dictionary<string, string[]>? headers) =>
        JsonSerializer.Serialize(new { data = Convert.ToBase64String(payload), headers });

    private static async Task<string> ReadLineAsync(Process node, Task<string> stderr)
    {
        var line = await node.StandardOutput.ReadLineAsync().WaitAsync(NodePatience);
        return line ?? throw new InvalidOperationException($"node exited early: {await stderr}");
    }
}
