namespace Signals.Runtime.Tests.Support;

/// <summary>Paths in the repository and beside it, found from the test binaries.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Signals => Path.Combine(Root, "signals");

    public static string SharedData(string file)
    {
        var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", file));
        return File.Exists(path) ? path : throw new FileNotFoundException($"capture '{file}' is missing: tests read real captures from ../shared/data beside the repository", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Agents.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("the repository root (Agents.sln) is not above the test binaries");
    }
}
