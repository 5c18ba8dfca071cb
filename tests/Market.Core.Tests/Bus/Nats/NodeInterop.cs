using System.Diagnostics;

namespace Market.Core.Tests.Bus.Nats;

/// <summary>
/// Runs tests/interop/nats-js scripts under node with the npm <c>nats</c> client. Fails loudly,
/// naming the command to run, when node or the folder's node_modules is missing (./build.sh test
/// runs <c>npm ci</c> there).
/// </summary>
public static class NodeInterop
{
    /// <summary>The interop folder, found by walking up from the test binaries to the repository.</summary>
    public static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "interop", "nats-js");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                if (!Directory.Exists(Path.Combine(candidate, "node_modules", "nats")))
                {
                    throw new InvalidOperationException(
                        $"the npm nats client is not installed in {candidate}: run `npm ci --prefix tests/interop/nats-js` from the repository root (./build.sh test does) and run again.");
                }
                return candidate;
            }
        }
        throw new InvalidOperationException($"tests/interop/nats-js not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Starts <c>node &lt;script&gt; args...</c> in the interop folder with stdin, stdout and stderr redirected.</summary>
    public static Process Start(string script, params string[] args)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder(),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"node is not on PATH ({e.Message}): the interop tests need Node.js 18+ and `npm ci --prefix tests/interop/nats-js`.", e);
        }
    }
}
