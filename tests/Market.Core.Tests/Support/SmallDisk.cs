using System.Diagnostics;

namespace Market.Core.Tests.Support;

/// <summary>
/// A real, tiny filesystem (tmpfs) for full-disk tests. Mounting needs root, which the test
/// script runs as; without it the test fails loudly rather than pretending.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static SmallDisk Mount(string path, int sizeKiB)
    {
        Directory.CreateDirectory(path);
        var (code, output) = Run("mount", $"-t tmpfs -o size={sizeKiB}k tmpfs {path}");
        if (code != 0)
        {
            throw new InvalidOperationException($"full-disk tests mount a {sizeKiB} KiB tmpfs and need root: mount exited {code}: {output}");
        }
        return new SmallDisk(path);
    }

    public void Dispose() => Run("umount", $"-l {Path}");

    private static (int Code, string Output) Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Trim());
    }
}
