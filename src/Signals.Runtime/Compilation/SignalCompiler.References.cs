using System.Collections.Frozen;
using Microsoft.CodeAnalysis;
using Signals.Library;
using Signals.Runtime.Plugins;

namespace Signals.Runtime.Compilation;

/// <summary>The metadata a signal compiles against: built once per process.</summary>
public sealed partial class SignalCompiler
{
    /// <summary>
    /// The framework assemblies signals compile against, from the running runtime's directory.
    /// Types outside them (processes, sockets, HTTP, expression trees…) do not even resolve.
    /// </summary>
    public static IReadOnlyList<string> FrameworkAssemblies { get; } =
        ["System.Private.CoreLib", "System.Runtime", "System.Collections", "System.Linq"];

    private static readonly Lazy<ReferenceSet> References = new(BuildReferences);

    /// <summary>Simple names of every assembly a signal may reference: <see cref="FrameworkAssemblies"/> and Signals.Library.</summary>
    public static IReadOnlySet<string> AllowedAssemblies => References.Value.AssemblyNames;

    private static ReferenceSet BuildReferences()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)
            ?? throw new InvalidOperationException("the runtime directory is unknown (single-file publish?); signals need its assemblies to compile");
        var paths = FrameworkAssemblies.Select(n => Path.Combine(runtimeDirectory, n + ".dll")).Append(typeof(Signal).Assembly.Location).ToList();
        var metadata = paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
        var names = FrameworkAssemblies.Append(typeof(Signal).Assembly.GetName().Name!).ToFrozenSet(StringComparer.Ordinal);
        return new ReferenceSet(metadata, names);
    }

    private sealed record ReferenceSet(IReadOnlyList<MetadataReference> Metadata, IReadOnlySet<string> AssemblyNames)
    {
        /// <summary>This set plus plugin assemblies.</summary>
        public ReferenceSet With(IReadOnlyList<PluginAssembly> plugins)
        {
            var clash = plugins.FirstOrDefault(p => AssemblyNames.Contains(p.Name));
            if (clash is not null) throw new ArgumentException($"plugin '{clash.Path}' is named '{clash.Name}', like an assembly signals already reference", nameof(plugins));
            return new ReferenceSet(
                [.. Metadata, .. plugins.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p.Path))],
                AssemblyNames.Concat(plugins.Select(p => p.Name)).ToFrozenSet(StringComparer.Ordinal));
        }
    }
}
