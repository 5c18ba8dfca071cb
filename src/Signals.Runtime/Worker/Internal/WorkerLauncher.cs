using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Signals.Runtime.Worker.Internal;

/// <summary>Finds the worker and the <c>dotnet</c> to run it with, and builds its start info.</summary>
internal static class WorkerLauncher
{
    public const string WorkerFile = "Signals.Worker.dll";

    /// <summary>Where Signals.Worker.targets puts the worker, beside the host's binaries.</summary>
    public const string WorkerFolder = "signals-worker";

    /// <summary>The worker: the configured path, else signals-worker/ beside the host, else beside the host itself.</summary>
    public static string WorkerPath(WorkerOptions options)
    {
        if (options.WorkerPath is { } configured) return configured;
        var inFolder = Path.Combine(AppContext.BaseDirectory, WorkerFolder, WorkerFile);
        return File.Exists(inFolder) ? inFolder : Path.Combine(AppContext.BaseDirectory, WorkerFile);
    }

    public static ProcessStartInfo StartInfo(WorkerOptions options, string slotPath)
    {
        var worker = WorkerPath(options);
        if (!File.Exists(worker))
        {
            throw new FileNotFoundException(
                $"the signal worker '{worker}' is missing: reference src/Signals.Worker from the host's project and import its Signals.Worker.targets so it is copied beside the host, or set WorkerOptions.WorkerPath", worker);
        }
        var info = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        if (FindDotnet(options.DotnetPath) is { } dotnet)
        {
            info.FileName = dotnet;
            info.ArgumentList.Add(worker);
        }
        else if (File.Exists(Path.ChangeExtension(worker, OperatingSystem.IsWindows() ? ".exe" : null)))
        {
            // No dotnet muxer (a self-contained host): the worker's own apphost finds the runtime.
            info.FileName = Path.ChangeExtension(worker, OperatingSystem.IsWindows() ? ".exe" : null);
        }
        else
        {
            throw new FileNotFoundException("no dotnet executable to run the signal worker with: set WorkerOptions.DotnetPath or DOTNET_ROOT");
        }
        info.ArgumentList.Add("--slot");
        info.ArgumentList.Add(slotPath);
        foreach (var argument in options.ExtraArguments) info.ArgumentList.Add(argument);

        // Predictable code and a small heap: no dynamic PGO, workstation GC, and a hard heap limit
        // so a signal that eats memory kills only the worker.
        info.Environment["DOTNET_TieredPGO"] = "0";
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["DOTNET_GCHeapHardLimit"] = options.HeapHardLimitBytes.ToString("x", CultureInfo.InvariantCulture);
        // A crash must not stop to write a dump.
        info.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        info.Environment.Remove(WorkerServer.TestHooksVariable);
        foreach (var (key, value) in options.Environment) info.Environment[key] = value;
        return info;
    }

    /// <summary>
    /// The dotnet muxer: the configured one; this process when it is dotnet; the one that owns the
    /// running runtime (…/dotnet/shared/Microsoft.NETCore.App/x.y.z/); or DOTNET_ROOT's.
    /// </summary>
    public static string? FindDotnet(string? configured = null)
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (configured is not null) return File.Exists(configured) ? configured : throw new FileNotFoundException("WorkerOptions.DotnetPath does not exist", configured);
        if (Environment.ProcessPath is { } self && Path.GetFileName(self).Equals(name, StringComparison.OrdinalIgnoreCase)) return self;
        if (FromRuntimeDirectory() is { } owner) return owner;
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } dotnetRoot && File.Exists(Path.Combine(dotnetRoot, name))) return Path.Combine(dotnetRoot, name);
        return null;
    }

    /// <summary>The muxer of the install the running runtime belongs to: what a host under an apphost (<c>deepwater</c>) uses.</summary>
    public static string? FromRuntimeDirectory()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var muxer = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(muxer) ? muxer : null;
    }
}
