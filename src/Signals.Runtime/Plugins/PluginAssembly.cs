using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Signals.Runtime.Plugins;

/// <summary>
/// A built plugin assembly as the compiler sees it: its file, its simple name and its public types,
/// read from metadata without loading it. Plugins are trusted, operator-installed code: signals may
/// use their public surface like Signals.Library's.
/// </summary>
/// <param name="Path">The assembly file, full path.</param>
/// <param name="Name">The assembly's simple name.</param>
/// <param name="PublicTypes">Full names (<c>Namespace.Type</c>) of its public top-level types.</param>
public sealed record PluginAssembly(string Path, string Name, IReadOnlyList<string> PublicTypes)
{
    private static readonly string[] ReservedNamespaces = ["System", "Microsoft", "Signals"];

    /// <summary>Reads a plugin's name and public types from its metadata.</summary>
    /// <param name="path">The built assembly (<c>.dll</c>).</param>
    /// <returns>The plugin.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    /// <exception cref="InvalidOperationException">A public type sits in a reserved namespace (System, Microsoft, Signals) or the global one.</exception>
    public static PluginAssembly Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"plugin assembly '{full}' does not exist", full);
        using var stream = File.OpenRead(full);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata) throw new BadImageFormatException($"'{full}' is not a .NET assembly", full);
        var md = pe.GetMetadataReader();
        if (!md.IsAssembly) throw new BadImageFormatException($"'{full}' is a module, not an assembly", full);
        var name = md.GetString(md.GetAssemblyDefinition().Name);
        var types = new List<string>();
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            // Nested public types are covered by their containing type's rule.
            if ((type.Attributes & TypeAttributes.VisibilityMask) != TypeAttributes.Public) continue;
            var ns = md.GetString(type.Namespace);
            var typeName = md.GetString(type.Name);
            var tick = typeName.IndexOf('`', StringComparison.Ordinal);
            if (tick >= 0) typeName = typeName[..tick];
            if (ns.Length == 0 || ReservedNamespaces.Any(r => ns == r || ns.StartsWith(r + ".", StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"plugin '{name}' declares public type '{ns}.{typeName}' outside a namespace of its own; plugins may not add to System, Microsoft, Signals or the global namespace");
            }
            types.Add($"{ns}.{typeName}");
        }
        return new PluginAssembly(full, name, [.. types.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }
}
