using System.Net;
using Deepwater.Cli.Commands;
using Mcp.Server;
using Mcp.Server.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace Deepwater.Cli.Mcp;

/// <summary>
/// The MCP server <c>deepwater run</c> hosts beside the pipeline: streamable HTTP on 127.0.0.1 with
/// a bearer token, the URL and ready-to-paste client configurations printed at start. Disposing it
/// ends every session, stops listening and deletes a token it generated.
/// </summary>
internal sealed class RunMcp : IAsyncDisposable
{
    private readonly McpHttpHost _host;
    private readonly BearerToken _token;
    private readonly string? _generated;

    private RunMcp(McpHttpHost host, BearerToken token, string? generated)
    {
        _host = host;
        _token = token;
        _generated = generated;
    }

    public Uri Endpoint => _host.Endpoint;

    public static async Task<RunMcp> StartAsync(RunMcpPlan plan, DeepwaterMcpOptions options, Action<IServiceCollection> services, TextWriter output, CancellationToken cancellation)
    {
        var token = plan.Token ?? SessionToken.Create(plan.TokenFile!);
        var generated = plan.Token is null ? plan.TokenFile : null;
        McpHttpHost host;
        try
        {
            host = await ListenAsync(plan.Port ?? RunMcpOptions.DefaultPort).ConfigureAwait(false);
        }
        catch (IOException) when (plan.Port is null)
        {
            output.WriteLine($"deepwater: MCP port {RunMcpOptions.DefaultPort} is taken (another deepwater?); serving on a free port instead");
            host = await ListenAsync(0).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            if (generated is not null) SessionToken.DeleteIfHolds(generated, token);
            throw new UserError($"MCP cannot listen on 127.0.0.1:{plan.Port}: {e.Message} (pick another --mcp-port, 0 for a free one, or --no-mcp)");
        }
        Print(plan, host.Endpoint, options, output);
        return new RunMcp(host, token, generated);

        Task<McpHttpHost> ListenAsync(int port) =>
            McpHttpHost.StartAsync(options, new McpHttpOptions(new IPEndPoint(IPAddress.Loopback, port), token), services, cancellationToken: cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync().ConfigureAwait(false);
        if (_generated is not null) SessionToken.DeleteIfHolds(_generated, _token);
    }

    /// <summary>
    /// The URL, where the token is (never its value: stdout may be a log), and the configurations,
    /// which read the token from a variable set from that file.
    /// </summary>
    private static void Print(RunMcpPlan plan, Uri endpoint, DeepwaterMcpOptions options, TextWriter output)
    {
        output.WriteLine($"deepwater: MCP on {endpoint} (streamable HTTP; every request needs Authorization: Bearer <token>)");
        output.WriteLine(plan.Token is null
            ? $"deepwater: MCP token generated for this session in {plan.TokenFile} (readable by you only; not printed; a new one each run)"
            : $"deepwater: MCP token from {plan.Source}");
        output.WriteLine(plan.TokenFile is null
            ? $"deepwater: MCP client configurations (they read the token from ${plan.Variable}):"
            : $"deepwater: MCP client configurations: first export {plan.Variable}=\"$(cat '{plan.TokenFile}')\", then paste one of:");
        output.WriteLine(ClientConfigurations.Render(new ClientEndpoint(options.DataDirectory, options.Environment, endpoint, plan.Variable, SelfCommand())));
    }

    /// <summary>How a client starts this build for stdio: the apphost as installed, else <c>dotnet deepwater.dll</c>.</summary>
    private static string SelfCommand()
    {
        var host = Environment.ProcessPath;
        if (host is not null && Path.GetFileNameWithoutExtension(host).Equals("deepwater", StringComparison.OrdinalIgnoreCase)) return host;
        return $"dotnet {typeof(RunMcp).Assembly.Location}";
    }
}
