namespace Market.Core.Tests.Support;

/// <summary>The real exchange captures in shared/data beside the repository; a missing file fails the test loudly.</summary>
public static class SharedData
{
    public static string File(string name)
    {
        var dir = AppContext.BaseDirectory;
        while (!System.IO.File.Exists(Path.Combine(dir, "Agents.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("Agents.sln not found above the test binaries");
        var path = Path.GetFullPath(Path.Combine(dir, "..", "shared", "data", name));
        return System.IO.File.Exists(path) ? path : throw new FileNotFoundException($"capture {name} is missing: expected shared/data beside the repository at {path}");
    }
}
