using System.Diagnostics;

namespace Deepwater.Cli.Bench;

/// <summary>Starts another <c>deepwater</c> process (the same build), for crash drills.</summary>
internal static class SelfProcess
{
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this process's executable");
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Run as `dotnet deepwater.dll`: the child needs the entry assembly too.
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        }
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return info;
    }
}
