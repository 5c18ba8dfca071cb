using System.Reflection;
using System.Runtime.Loader;
using Signals.Runtime.Compilation;
using Signals.Runtime.Plugins;

namespace Signals.Runtime.Loading;

/// <summary>
/// Sandbox layer 5: one collectible load context per signal version. It resolves only
/// Signals.Library, the framework assemblies a signal may compile against and operator-installed
/// plugins (all shared from the default context, so <c>Signal</c> is one type everywhere); any other
/// assembly a signal asks for is refused, even one the host has loaded.
/// </summary>
public sealed class SignalLoadContext : AssemblyLoadContext
{
    private readonly IReadOnlySet<string> _allowed;
    private readonly PluginCatalog _plugins;
    private readonly List<string> _refused = [];

    /// <summary>Creates a context for one signal version.</summary>
    /// <param name="name">A name for diagnostics (the signal and its hash).</param>
    /// <param name="allowed">Simple names of the assemblies it may resolve.</param>
    public SignalLoadContext(string name, IReadOnlySet<string> allowed)
        : this(name, allowed, null)
    {
    }

    /// <summary>Creates a context for one signal version that also resolves the catalog's plugins, to their one shared instance.</summary>
    /// <param name="name">A name for diagnostics (the signal and its hash).</param>
    /// <param name="allowed">Simple names of the assemblies it may resolve (the plugins' included).</param>
    /// <param name="plugins">The installed plugins; none when null.</param>
    public SignalLoadContext(string name, IReadOnlySet<string> allowed, PluginCatalog? plugins)
        : base(name, isCollectible: true)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        _allowed = allowed;
        _plugins = plugins ?? PluginCatalog.Empty;
    }

    /// <summary>Assembly names this context refused, for the report.</summary>
    public IReadOnlyList<string> Refused => _refused;

    /// <inheritdoc/>
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        ArgumentNullException.ThrowIfNull(assemblyName);
        // Null defers to the default context: the shared copy, never a second one in here.
        if (assemblyName.Name is { } simple && _allowed.Contains(simple))
        {
            // A plugin loaded from a path is not found by name in the default context: hand over the instance itself.
            return _plugins.Resolve(simple);
        }
        lock (_refused) _refused.Add(assemblyName.FullName);
        throw new FileNotFoundException($"signals may not load '{assemblyName.Name}'", assemblyName.Name);
    }

    /// <inheritdoc/>
    protected override nint LoadUnmanagedDll(string unmanagedDllName) =>
        throw new DllNotFoundException($"signals may not load native library '{unmanagedDllName}'");

    /// <summary>The default set: what <see cref="SignalCompiler"/> lets a signal reference.</summary>
    /// <param name="plugins">Simple names of plugin assemblies to allow too.</param>
    /// <returns>The set.</returns>
    public static IReadOnlySet<string> AllowedAssemblies(IEnumerable<string>? plugins = null) =>
        plugins is null ? SignalCompiler.AllowedAssemblies : SignalCompiler.AllowedAssemblies.Concat(plugins).ToHashSet(StringComparer.Ordinal);
}
