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

    /// <summary>The build output directory of a plugin project under <c>plugins/</c>, in this test run's configuration.</summary>
    public static string PluginOutput(string project)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var dir = Path.Combine(Root, "plugins", project, "bin", configuration, "net10.0");
        return File.Exists(Path.Combine(dir, project + ".dll")) ? dir : throw new FileNotFoundException($"plugin '{project}' is not built in {configuration}: the test project builds it (ReferenceOutputAssembly=false)", dir);
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
