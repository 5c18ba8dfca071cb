using System.Diagnostics;
using Deepwater.Cli.Commands;

namespace Deepwater.Cli.Tests;

/// <summary>Runs the real <c>deepwater</c> command (this build's deepwater.dll) as a child process.</summary>
internal static class DeepwaterProcess
{
    public static string Dll => typeof(DeepwaterCommand).Assembly.Location;

    public static Process Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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
