using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;
using Signals.Runtime.Plugins;

namespace Signals.Runtime.Compilation;

/// <summary>
/// Compiles one signal source file to an in-memory assembly through the sandbox layers: L1
/// <see cref="SyntaxGate"/>, the C# compiler, L2 <see cref="SemanticAllowlist"/>, the signal's
/// shape, L3 <see cref="FuelRewriter"/>, emit (embedded PDB) and L4 <see cref="EmittedAssemblyCheck"/>.
/// Results are cached by content hash. Thread-safe.
/// </summary>
public sealed partial class SignalCompiler
{
    /// <summary>The generated static class holding the fuel meter (in the global namespace).</summary>
    public const string FuelTypeName = "__DeepwaterFuel";

    /// <summary>The static field on <see cref="FuelTypeName"/> the loader sets to the signal version's <c>FuelMeter</c> before running any of its code.</summary>
    public const string FuelFieldName = "Meter";

    /// <summary>Bumped whenever a layer's rules change, so cached results from older rules are not reused.</summary>
    public const string PolicyVersion = "1";

    private const int CacheLimit = 512;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp14, DocumentationMode.None);

    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Release,
        deterministic: true,
        nullableContextOptions: NullableContextOptions.Enable,
        allowUnsafe: false,
        metadataImportOptions: MetadataImportOptions.Public);

    private static readonly EmitOptions EmitOptions = new(debugInformationFormat: DebugInformationFormat.Embedded);

    private static readonly SyntaxTree GlobalUsings = CSharpSyntaxTree.ParseText(
        SourceText.From(
            "global using global::System;\nglobal using global::System.Collections.Generic;\nglobal using global::System.Linq;\n" +
            "global using global::Signals.Library;\nglobal using global::Signals.Library.State;\n",
            Encoding.UTF8),
        ParseOptions, path: "<global-usings>.cs");

    private static readonly SyntaxTree FuelTree = CSharpSyntaxTree.ParseText(SourceText.From(FuelRewriter.FuelSource, Encoding.UTF8), ParseOptions, path: "<fuel>.cs");

    private static readonly string CacheSalt = $"{PolicyVersion}|{typeof(CSharpCompilation).Assembly.GetName().Version}";

    private readonly ConcurrentDictionary<string, SignalCompileResult> _cache = new(StringComparer.Ordinal);
    private readonly ReferenceSet _references;

    /// <summary>A compiler using <see cref="Allowlist.Default"/>.</summary>
    public SignalCompiler()
        : this(Allowlist.Default)
    {
    }

    /// <summary>A compiler with the given allowlist.</summary>
    /// <param name="allowlist">The rules L2 and L4 apply.</param>
    public SignalCompiler(Allowlist allowlist)
        : this(allowlist, [])
    {
    }

    /// <summary>
    /// A compiler that also references built plugin assemblies (trusted, operator-installed) and
    /// allows their public types on top of <paramref name="allowlist"/>. Load what it compiles with
    /// the same plugins (see <see cref="PluginCatalog"/>).
    /// </summary>
    /// <param name="allowlist">The base rules L2 and L4 apply.</param>
    /// <param name="pluginAssemblies">Paths of built plugin assemblies.</param>
    public SignalCompiler(Allowlist allowlist, IEnumerable<string> pluginAssemblies)
    {
        ArgumentNullException.ThrowIfNull(allowlist);
        ArgumentNullException.ThrowIfNull(pluginAssemblies);
        Plugins = [.. pluginAssemblies.Select(PluginAssembly.Read)];
        Allowlist = allowlist.WithPlugins(Plugins);
        _references = Plugins.Count == 0 ? References.Value : References.Value.With(Plugins);
    }

    /// <summary>The rules this compiler applies.</summary>
    public Allowlist Allowlist { get; }

    /// <summary>The plugin assemblies signals compile against, beyond Signals.Library and the BCL.</summary>
    public IReadOnlyList<PluginAssembly> Plugins { get; }

    /// <summary>Simple names of every assembly this compiler lets a signal reference: <see cref="AllowedAssemblies"/> and the plugins.</summary>
    public IReadOnlySet<string> Assemblies => _references.AssemblyNames;

    /// <summary>Compiles one signal source file.</summary>
    /// <param name="file">The author's file name, e.g. <c>signals/spread_blowout.cs</c>: diagnostics name it and the signal's name is its stem.</param>
    /// <param name="source">The C# source.</param>
    /// <param name="options">Options; <see cref="SignalCompileOptions.Default"/> when null.</param>
    /// <returns>The result, successful or with diagnostics; never throws for bad source.</returns>
    public SignalCompileResult Compile(string file, string source, SignalCompileOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        ArgumentNullException.ThrowIfNull(source);
        options ??= SignalCompileOptions.Default;
        var sourceHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{CacheSalt}|{options.Metered}|{file}|{sourceHash}")));
        if (_cache.TryGetValue(key, out var cached)) return cached with { FromCache = true };

        var result = CompileUncached(file, source, sourceHash, options);
        if (_cache.Count >= CacheLimit) _cache.Clear();
        _cache[key] = result;
        return result;
    }

    private SignalCompileResult CompileUncached(string file, string source, string sourceHash, SignalCompileOptions options)
    {
        var clock = Stopwatch.StartNew();
        var signalName = Path.GetFileNameWithoutExtension(file);
        var assemblyName = $"Signal.{Sanitize(signalName)}.{sourceHash[..16]}{(options.Metered ? "" : ".unmetered")}";
        var diagnostics = new List<SignalDiagnostic>();
        SignalCompileResult Done(ReadOnlyMemory<byte> image = default, string? className = null) =>
            new(!image.IsEmpty, image, DiagnosticFactory.Sorted(diagnostics), sourceHash, className, assemblyName, options.Metered, clock.Elapsed, FromCache: false);

        var tree = CSharpSyntaxTree.ParseText(SourceText.From(source, Encoding.UTF8), ParseOptions, path: file);
        diagnostics.AddRange(SyntaxGate.Check(tree, file));
        diagnostics.AddRange(Map(tree.GetDiagnostics(), file));
        if (diagnostics.Any(d => d.IsError)) return Done();

        var compilation = CSharpCompilation.Create(assemblyName, [GlobalUsings, tree], _references.Metadata, CompilationOptions);
        // One semantic model for diagnostics, L2 and the rewriter: method bodies are bound once.
        var model = compilation.GetSemanticModel(tree);
        diagnostics.AddRange(Map(model.GetDiagnostics(), file));
        if (diagnostics.Any(d => d.IsError)) return Done();

        diagnostics.AddRange(SemanticAllowlist.Check(model, file, Allowlist));
        var (className, shape) = SignalShape.Find(model, file);
        diagnostics.AddRange(shape);
        if (diagnostics.Any(d => d.IsError)) return Done();

        var emitted = options.Metered
            ? compilation.ReplaceSyntaxTree(tree, FuelRewriter.Rewrite(tree, model)).AddSyntaxTrees(FuelTree)
            : compilation.AddSyntaxTrees(FuelTree);
        using var peStream = new MemoryStream();
        var emit = emitted.Emit(peStream, options: EmitOptions);
        if (!emit.Success)
        {
            // The author's code compiled; this is the rewriter's fault, reported as such.
            diagnostics.AddRange(Map(emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), file)
                .Select(d => d with { Layer = DiagnosticLayers.Fuel, Hint = "the fuel rewriter produced code that does not compile; this is a Deepwater bug, please report it" }));
            return Done();
        }
        var image = peStream.ToArray();
        diagnostics.AddRange(EmittedAssemblyCheck.Check(ImmutableCollectionsMarshal.AsImmutableArray(image), file, Allowlist, _references.AssemblyNames));
        if (diagnostics.Any(d => d.IsError)) return Done();
        return Done(image, className);
    }

    private static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        return chars.Length == 0 ? "signal" : new string(chars);
    }
}
