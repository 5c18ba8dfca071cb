using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Market.Core.Tests.Support;

namespace Market.Core.Tests.Bus.Nats;

/// <summary>
/// One real nats-server process on a free loopback port (JetStream on, with its own store dir).
/// nats-server must be on PATH (Debian package nats-server; ./build.sh test installs it): these
/// tests fail, never skip, without it.
/// </summary>
public sealed class NatsServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private string[] _extraArgs;
    private readonly TempDirectory _store = new();
    private readonly TempDirectory _config = new();
    private Process? _process;

    private NatsServer(int port, string[] extraArgs)
    {
        Port = port;
        _extraArgs = extraArgs;
    }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    /// <summary>The same server as a <c>tls://</c> URL (the client then insists on TLS).</summary>
    public string TlsUrl => $"tls://127.0.0.1:{Port}";

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("nats-server is not running");

    /// <summary>Starts a server; <paramref name="extraArgs"/> go on its command line (e.g. --auth, -c).</summary>
    public static async Task<NatsServer> StartAsync(params string[] extraArgs)
    {
        var server = new NatsServer(FreePort(), extraArgs);
        await server.RestartAsync();
        return server;
    }

    /// <summary>
    /// Starts a server with <paramref name="config"/> as its config file (<c>-c</c>), e.g. a
    /// <c>tls { … }</c> block; the port, store and <paramref name="extraArgs"/> still come from the command line.
    /// </summary>
    public static async Task<NatsServer> StartWithConfigAsync(string config, params string[] extraArgs)
    {
        var server = new NatsServer(FreePort(), extraArgs);
        var path = server._config.Combine("nats-server.conf");
        await File.WriteAllTextAsync(path, config);
        server._extraArgs = ["-c", path, .. extraArgs];
        await server.RestartAsync();
        return server;
    }

    /// <summary>The path of nats-server, or a loud failure saying how to install it.</summary>
    public static string Executable()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "nats-server"))
            .FirstOrDefault(File.Exists);
        return path ?? throw new InvalidOperationException(
            "nats-server is not on PATH: the NATS tests need a real server. Install Debian's package (apt-get install nats-server, which ./build.sh test does) and run again.");
    }

    /// <summary>Starts (again) on the same port and store; returns once the server logs that it is ready.</summary>
    public async Task RestartAsync()
    {
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-js", "-sd", _store.Path }.Concat(_extraArgs))
        {
            start.ArgumentList.Add(arg);
        }
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data is null) return;
            log.Enqueue(e.Data);
            if (e.Data.Contains("Server is ready", StringComparison.Ordinal)) ready.TrySetResult();
        };
        process.ErrorDataReceived += onLine;
        process.OutputDataReceived += onLine;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"nats-server exited early: {string.Join(Environment.NewLine, log)}"));
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        try
        {
            await ready.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"nats-server on port {Port} not ready within {StartTimeout}: {string.Join(Environment.NewLine, log)}");
        }
    }

    /// <summary>Kills the process (no lame duck, no goodbye) and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Puts the server in lame-duck mode (<c>nats-server --signal ldm=&lt;pid&gt;</c>).</summary>
    public async Task EnterLameDuckModeAsync()
    {
        using var signal = Process.Start(new ProcessStartInfo(Executable(), $"--signal ldm={ProcessId}") { UseShellExecute = false, RedirectStandardError = true })!;
        await signal.WaitForExitAsync();
        if (signal.ExitCode != 0) throw new InvalidOperationException($"nats-server --signal ldm failed: {await signal.StandardError.ReadToEndAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _store.Dispose();
        _config.Dispose();
    }

    // Ports handed out by FreePort, below the kernel's ephemeral range; each process starts at a
    // random place in it, so test assemblies running side by side rarely try the same ones.
    private static readonly (int Low, int Count) PortRange = PortsBelowEphemeralRange();
    private static int _nextPort = Random.Shared.Next(PortRange.Count);

    /// <summary>
    /// A loopback port nothing listens on right now (nats-server wants an explicit one), taken
    /// below the kernel's ephemeral range: a port from that range can be given to another socket's
    /// connect between this check and nats-server's bind ("address already in use", seen on a
    /// cluster's monitor port); one below it only to an explicit bind.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < PortRange.Count; attempt++)
        {
            var port = PortRange.Low + (int)((uint)Interlocked.Increment(ref _nextPort) % PortRange.Count);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use: try the next one.
            }
        }
        throw new InvalidOperationException($"no free loopback port in {PortRange.Low}-{PortRange.Low + PortRange.Count - 1}");
    }

    // Linux's ip_local_port_range (32768-60999 by default); the 10,000 ports below it.
    private static (int Low, int Count) PortsBelowEphemeralRange()
    {
        const int count = 10_000;
        var ephemeralLow = 32_768;
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            ephemeralLow = int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Not Linux: keep the usual default.
        }
        var low = Math.Max(1_024, ephemeralLow - count);
        return (low, ephemeralLow - low);
    }
}

/// <summary>One JetStream-enabled server shared by a test class.</summary>
public sealed class NatsServerFixture : IAsyncLifetime
{
    private NatsServer? _server;

    public NatsServer Server => _server ?? throw new InvalidOperationException("the fixture has not started");

    public string Url => Server.Url;

    public async Task InitializeAsync() => _server = await NatsServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
