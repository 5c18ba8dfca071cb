using Deepwater.Cli.Commands;
using Market.Core.Bus;
using Microsoft.Extensions.Logging;
using Signals.Runtime.Deployment;
using Signals.Runtime.Hosting;

namespace Deepwater.Cli.Signals;

/// <summary>Starts a <see cref="SignalRuntimeHost"/> for <c>run</c> and <c>runtime</c>, printing deployments as they happen.</summary>
internal static class RuntimeStart
{
    /// <summary>The one line said when the signals folder is not in a git repository.</summary>
    public static string Off(string directory, GitException e) =>
        $"deepwater: signals are off: '{directory}' is not a folder in a git repository ({e.Message.Split('\n')[0]}); use --signals DIR of a git repository, or --init to create one";

    /// <summary>Starts the runtime; null (and disposed) when the folder is not in a git repository.</summary>
    public static async Task<(SignalRuntimeHost? Runtime, GitException? Off)> TryStartAsync(SignalRuntimeOptions options, IBus? bus, ILoggerFactory loggers,
        TextWriter output, CancellationToken cancellation)
    {
        var runtime = new SignalRuntimeHost(options, bus, loggers);
        DeploymentReport? first;
        try
        {
            first = await runtime.StartAsync(cancellation).ConfigureAwait(false);
        }
        catch (GitException e)
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
            return (null, e);
        }
        // Deployments arrive on the watcher's thread while the status view writes from the caller's: callers pass a synchronized writer.
        void Print(string line) => output.WriteLine(line);
        Print(first is null
            ? $"deepwater: signals from {runtime.Repository!.Directory}: no commits yet; the first one deploys"
            : $"deepwater: signals from {runtime.Repository!.Directory}");
        if (first is not null) Print(SignalsFigures.Describe(first));
        runtime.Deployer!.Deployed += report => Print(SignalsFigures.Describe(report));
        return (runtime, null);
    }

    /// <summary>The options <c>run</c> and <c>runtime</c> share: folder, data directory and environment from the command line.</summary>
    public static SignalRuntimeOptions Options(System.CommandLine.ParseResult parse, bool initialize, bool fromStart) => new()
    {
        SignalsDirectory = parse.GetValue(SignalsCommand.Directory)!,
        InitializeRepository = initialize,
        DataDirectory = parse.GetValue(DeepwaterCommand.Data)!,
        Environment = parse.GetValue(DeepwaterCommand.Env)!,
        FromStart = fromStart,
    };
}
