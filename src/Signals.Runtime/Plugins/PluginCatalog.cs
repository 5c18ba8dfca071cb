using System.Reflection;
using System.Runtime.Loader;
using Signals.Runtime.Compilation;
using Signals.Runtime.Loading;

namespace Signals.Runtime.Plugins;

/// <summary>
/// The plugins installed for this runtime: built assemblies from a configured directory, each loaded
/// once into the default load context, so a plugin's builders are one type for every signal that
/// shares them. Signals compile against them (<see cref="CreateCompiler"/>) and their load contexts
/// resolve them to these instances (<see cref="SignalLoadContext"/>).
/// </summary>
public sealed class PluginCatalog
{
    private static readonly Lock LoadLock = new();
    private readonly Dictionary<string, Assembly> _loaded;

    private PluginCatalog(IReadOnlyList<PluginAssembly> plugins, Dictionary<string, Assembly> loaded)
    {
        Plugins = plugins;
        _loaded = loaded;
        Names = new HashSet<string>(plugins.Select(p => p.Name), StringComparer.Ordinal);
    }

    /// <summary>No plugins.</summary>
    public static PluginCatalog Empty { get; } = new([], []);

    /// <summary>The plugins, by file name order.</summary>
    public IReadOnlyList<PluginAssembly> Plugins { get; }

    /// <summary>Their simple assembly names.</summary>
    public IReadOnlySet<string> Names { get; }

    /// <summary>Loads every <c>*.dll</c> in <paramref name="directory"/> except copies of assemblies signals already see (Signals.Library, the BCL).</summary>
    /// <param name="directory">The plugins directory (a deployment location, configured by the operator).</param>
    /// <returns>The catalog; empty when the directory does not exist.</returns>
    public static PluginCatalog Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory)) return Empty;
        var files = Directory.GetFiles(directory, "*.dll").Order(StringComparer.Ordinal)
            .Where(f => !SignalCompiler.AllowedAssemblies.Contains(Path.GetFileNameWithoutExtension(f)));
        return FromFiles(files);
    }

    /// <summary>Loads the given plugin assemblies.</summary>
    /// <param name="paths">Built plugin assemblies.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="InvalidOperationException">Two plugins share a name, or a plugin's name is already taken by a different assembly in the process.</exception>
    public static PluginCatalog FromFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var plugins = paths.Select(PluginAssembly.Read).ToList();
        var duplicate = plugins.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"two plugin assemblies are named '{duplicate.Key}': {string.Join(", ", duplicate.Select(p => p.Path))}");
        var loaded = plugins.ToDictionary(p => p.Name, LoadShared, StringComparer.Ordinal);
        return new PluginCatalog(plugins, loaded);
    }

    /// <summary>The loaded plugin assembly named <paramref name="simpleName"/>, or null.</summary>
    /// <param name="simpleName">An assembly's simple name.</param>
    /// <returns>The shared instance.</returns>
    public Assembly? Resolve(string simpleName) => _loaded.GetValueOrDefault(simpleName);

    /// <summary>A compiler that references these plugins and allows their public types.</summary>
    /// <param name="allowlist">The base rules; <see cref="Allowlist.Default"/> when null.</param>
    /// <returns>The compiler.</returns>
    public SignalCompiler CreateCompiler(Allowlist? allowlist = null) => new(allowlist ?? Allowlist.Default, Plugins.Select(p => p.Path));

    /// <summary>Loads a plugin into the default context once per process; a second catalog of the same file gets the same instance.</summary>
    private static Assembly LoadShared(PluginAssembly plugin)
    {
        lock (LoadLock)
        {
            var existing = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => a.GetName().Name == plugin.Name);
            if (existing is null) return AssemblyLoadContext.Default.LoadFromAssemblyPath(plugin.Path);
            if (!string.IsNullOrEmpty(existing.Location) && !SameFileContent(existing.Location, plugin.Path))
            {
                throw new InvalidOperationException($"plugin '{plugin.Name}' from '{plugin.Path}' differs from the one already loaded from '{existing.Location}'; restart the runtime to change a plugin");
            }
            return existing;
        }
    }

    private static bool SameFileContent(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal) || File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b));
}
