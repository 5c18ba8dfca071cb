using System.CommandLine;
using System.Net;
using Deepwater.Cli.Bus;
using Market.Core.Bus;
using Mcp.Server;
using Microsoft.Extensions.DependencyInjection;
using Mcp.Server.Transport;

namespace Deepwater.Cli.Commands;

/// <summary>
/// <c>deepwater mcp --stdio | --http 127.0.0.1:PORT [--token-env NAME | --token-file PATH] [--groups read,author,operator] [--signals DIR] [--config DIR]</c>:
/// serves the journals under <c>{data}/{env}</c> and the signals repository to LLM agents over MCP.
/// </summary>
internal static class McpCommand
{
    public static Command Build()
    {
        var stdio = new Option<bool>("--stdio") { Description = "Serve over stdin/stdout (desktop clients launch this); logs go to stderr" };
        var http = new Option<string?>("--http") { Description = "Serve streamable HTTP on HOST:PORT, e.g. 127.0.0.1:8765 (port 0 picks one); needs a bearer token" };
        var tokenEnv = new Option<string?>("--token-env") { Description = $"Environment variable holding the HTTP bearer token (default {BearerToken.DefaultVariable})" };
        var tokenFile = new Option<string?>("--token-file") { Description = "File holding the HTTP bearer token" };
        var groups = new Option<string>("--groups") { Description = "Tool groups to serve: read, author, operator (comma-separated)", DefaultValueFactory = _ => "read" };
        var rate = new Option<int>("--rate-limit") { Description = "Tool calls per minute per client (0: unlimited)", DefaultValueFactory = _ => new RateLimitOptions().CallsPerMinute };
        var signals = new Option<string>("--signals") { Description = "The signals folder (in a git repository) the signal tools read and authoring commits to", DefaultValueFactory = _ => "signals" };
        var config = new Option<string>("--config") { Description = "Folder holding feeds/*.yaml, for the deepwater://feeds resources", DefaultValueFactory = _ => "." };
        var command = new Command("mcp", "Serve market data and signals to LLM agents over MCP (stdio or streamable HTTP)") { stdio, http, tokenEnv, tokenFile, groups, rate, signals, config };
        var bus = new BusCli();
        bus.AddTo(command);
        command.SetAction(async (parse, cancellation) =>
        {
            var useStdio = parse.GetValue(stdio);
            var address = parse.GetValue(http);
            if (useStdio == (address is not null)) throw new UserError("choose one transport: --stdio or --http HOST:PORT");
            if (useStdio && (parse.GetValue(tokenEnv) is not null || parse.GetValue(tokenFile) is not null)) throw new UserError("--token-env and --token-file apply to --http only");
            if (parse.GetValue(tokenEnv) is not null && parse.GetValue(tokenFile) is not null) throw new UserError("use --token-env or --token-file, not both");
            DeepwaterMcpOptions options;
            try
            {
                options = new DeepwaterMcpOptions
                {
                    DataDirectory = Path.GetFullPath(parse.GetValue(DeepwaterCommand.Data)!),
                    Environment = parse.GetValue(DeepwaterCommand.Env)!,
                    Groups = DeepwaterMcpOptions.ParseGroups(parse.GetValue(groups)!),
                    RateLimit = new RateLimitOptions(CallsPerMinute: parse.GetValue(rate)),
                    SignalsDirectory = Path.GetFullPath(parse.GetValue(signals)!),
                    ConfigDirectory = Path.GetFullPath(parse.GetValue(config)!),
                }.Validate();
            }
            catch (ArgumentException e)
            {
                throw new UserError(e.Message);
            }
            // With a bus, the signal tools and system_status see a runtime in another process over {env}.svc.signals.status,
            // and, with no signal journal under --data, its fires over {env}.svc.signals.history.
            await using var nats = await bus.ConnectAsync(parse, "deepwater-mcp", cancellation).ConfigureAwait(false);
            Action<IServiceCollection>? services = nats is null ? null : s => s.AddSingleton<IBus>(nats);
            if (useStdio)
            {
                await McpStdioHost.RunAsync(options, services, cancellationToken: cancellation).ConfigureAwait(false);
                return 0;
            }
            if (!IPEndPoint.TryParse(address!, out var endpoint) || !address!.Contains(':', StringComparison.Ordinal))
            {
                throw new UserError($"--http '{address}' is not HOST:PORT with an IP address (e.g. 127.0.0.1:8765)");
            }
            BearerToken token;
            try
            {
                token = BearerToken.Load(parse.GetValue(tokenEnv), parse.GetValue(tokenFile));
            }
            catch (ArgumentException e)
            {
                throw new UserError(e.Message);
            }
            await using var host = await McpHttpHost.StartAsync(options, new McpHttpOptions(endpoint, token), services, cancellationToken: cancellation).ConfigureAwait(false);
            // The URL goes to stderr like every log line, so a parent process can read it the same way in both modes.
            await parse.InvocationConfiguration.Error.WriteLineAsync($"deepwater: MCP on {host.Endpoint} (Authorization: Bearer <token>); Ctrl-C to stop").ConfigureAwait(false);
            await parse.InvocationConfiguration.Error.FlushAsync(cancellation).ConfigureAwait(false);
            try
            {
                await host.WaitForShutdownAsync(cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // Ctrl-C
            }
            return 0;
        });
        return command;
    }
}
