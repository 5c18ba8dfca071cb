using System.CommandLine;
using System.Net.Sockets;
using Deepwater.Cli.Commands;
using Market.Core.Bus.Nats;

namespace Deepwater.Cli.Bus;

/// <summary>
/// The <c>--bus nats://host:port[,nats://…]</c> options shared by <c>core</c>, <c>runtime</c>,
/// <c>mcp</c> and <c>run</c>. Credentials are named by environment variable, never given on the
/// command line, where every process listing would show them. <c>tls://host:port</c> or
/// <c>--bus-tls-ca</c> make the client insist on TLS.
/// </summary>
internal sealed class BusCli
{
    /// <summary>The servers; absent means the in-process bus.</summary>
    public Option<string?> Bus { get; } = new("--bus") { Description = "NATS servers to use as the bus, e.g. nats://127.0.0.1:4222[,nats://…] or tls://host:4222 (default: in-process)" };

    /// <summary>A PEM file of the CAs the server certificate must chain to.</summary>
    public Option<string?> TlsCa { get; } = new("--bus-tls-ca") { Description = "PEM file of the CA(s) that signed the NATS server's TLS certificate; implies TLS" };

    /// <summary>The variable holding a token.</summary>
    public Option<string?> TokenEnv { get; } = new("--bus-token-env") { Description = "Environment variable holding the NATS token" };

    /// <summary>The variable holding the user name.</summary>
    public Option<string?> UserEnv { get; } = new("--bus-user-env") { Description = "Environment variable holding the NATS user (with --bus-password-env)" };

    /// <summary>The variable holding the password.</summary>
    public Option<string?> PasswordEnv { get; } = new("--bus-password-env") { Description = "Environment variable holding the NATS password (with --bus-user-env)" };

    /// <summary>Every option, to add to a command.</summary>
    public IEnumerable<Option> All => [Bus, TokenEnv, UserEnv, PasswordEnv, TlsCa];

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in All) command.Options.Add(option);
    }

    /// <summary>The client options from the command line; null when <c>--bus</c> is absent. Bad input is a <see cref="UserError"/>.</summary>
    public NatsOptions? Options(ParseResult parse, string clientName)
    {
        var servers = parse.GetValue(Bus);
        var tlsCa = parse.GetValue(TlsCa);
        if (servers is null)
        {
            if (parse.GetValue(TokenEnv) is not null || parse.GetValue(UserEnv) is not null || parse.GetValue(PasswordEnv) is not null || tlsCa is not null)
            {
                throw new UserError("--bus-token-env, --bus-user-env, --bus-password-env and --bus-tls-ca need --bus nats://host:port (or tls://host:port)");
            }
            return null;
        }
        if (tlsCa is not null && !File.Exists(tlsCa)) throw new UserError($"--bus-tls-ca: file '{tlsCa}' does not exist (give the PEM file of the CA that signed the NATS server's certificate)");
        var list = servers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Length == 0) throw new UserError("--bus needs at least one server, e.g. nats://127.0.0.1:4222");
        if (list.Any(s => s.Contains('@', StringComparison.Ordinal)))
        {
            throw new UserError("--bus must not carry credentials in the URL; use --bus-token-env or --bus-user-env/--bus-password-env");
        }
        var userEnv = parse.GetValue(UserEnv);
        var passwordEnv = parse.GetValue(PasswordEnv);
        if (userEnv is null != (passwordEnv is null)) throw new UserError("--bus-user-env and --bus-password-env go together");
        var tokenEnv = parse.GetValue(TokenEnv);
        if (tokenEnv is not null && userEnv is not null) throw new UserError("use --bus-token-env or --bus-user-env/--bus-password-env, not both");
        var options = new NatsOptions
        {
            Servers = list,
            Name = clientName,
            Token = tokenEnv is null ? null : Secret(tokenEnv),
            User = userEnv is null ? null : Secret(userEnv),
            Password = passwordEnv is null ? null : Secret(passwordEnv),
            TlsCaFile = tlsCa is null ? null : Path.GetFullPath(tlsCa),
            // The journal holds every record; a publisher waits out an outage rather than fail.
            ReconnectBufferPolicy = ReconnectBufferPolicy.Wait,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UserError($"{(e.ParamName == nameof(NatsOptions.TlsCaFile) ? "--bus-tls-ca" : "--bus")}: {e.Message}");
        }
        return options;
    }

    /// <summary>
    /// Connects when <c>--bus</c> is given; null otherwise (the caller's in-process default).
    /// An unreachable server is a <see cref="BusUnreachableException"/> (one line, exit 1).
    /// </summary>
    public async Task<NatsBus?> ConnectAsync(ParseResult parse, string clientName, CancellationToken cancellation)
    {
        if (Options(parse, clientName) is not { } options) return null;
        try
        {
            return await NatsBus.ConnectAsync(options, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or SocketException or IOException or TimeoutException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            throw new BusUnreachableException($"cannot reach the NATS bus at {string.Join(",", options.Servers)}: {e.Message}");
        }
    }

    private static string Secret(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : throw new UserError($"environment variable {variable} is not set");
}

/// <summary>The bus server could not be reached: one line on stderr, exit code 1 (an IOException, as the CLI reports those).</summary>
internal sealed class BusUnreachableException(string message) : IOException(message);
