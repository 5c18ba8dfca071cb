using System.Diagnostics;
using Deepwater.Cli.Commands;

namespace Deepwater.Cli.Tests;

/// <summary>Runs the real <c>deepwater</c> command (this build's deepwater.dll) as a child process.</summary>
internal static class DeepwaterProcess
{
    public static string Dll => typeof(DeepwaterCommand).Assembly.Location;

    public static Process Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>Starts deepwater with extra environment variables (e.g. a bearer token for --token-env).</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment) info.Environment[name] = value;
        info.ArgumentList.Add(Dll);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start deepwater");
    }

    public static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        using var process = Start(arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new TimeoutException($"deepwater {string.Join(' ', arguments)} did not finish in 2 minutes");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
