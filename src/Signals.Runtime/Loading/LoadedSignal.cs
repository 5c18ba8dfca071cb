using System.Reflection;
using System.Runtime.CompilerServices;
using Signals.Library;
using Signals.Library.Sandbox;
using Signals.Runtime.Compilation;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Plugins;

namespace Signals.Runtime.Loading;

/// <summary>
/// One compiled signal version loaded into its own <see cref="SignalLoadContext"/>, with its fuel
/// meter installed: hand <see cref="Definition"/> to the evaluator, and <see cref="Unload"/> once
/// the evaluator has let go of it.
/// </summary>
public sealed class LoadedSignal
{
    private SignalLoadContext? _context;

    private LoadedSignal(SignalLoadContext context, SignalIdentity identity, Func<Signal> factory, FuelMeter? meter)
    {
        _context = context;
        Identity = identity;
        Meter = meter;
        Factory = factory;
    }

    /// <summary>Who the version is.</summary>
    public SignalIdentity Identity { get; }

    /// <summary>The version's fuel meter; null when compiled unmetered (benchmarks only).</summary>
    public FuelMeter? Meter { get; }

    /// <summary>Creates an instance of the signal.</summary>
    public Func<Signal> Factory { get; }

    /// <summary>Whether <see cref="Unload"/> has been called.</summary>
    public bool IsUnloaded => _context is null;

    /// <summary>Loads a successful compile result.</summary>
    /// <param name="compiled">The compiler's result; must be a success.</param>
    /// <param name="identity">The version's name, commit and source hash.</param>
    /// <param name="allowed">Assemblies the context may resolve; null for the compiler's set.</param>
    /// <param name="maxDepth">The fuel meter's call-depth limit.</param>
    /// <param name="plugins">The plugins the signal was compiled against (see <see cref="PluginCatalog.CreateCompiler"/>); none when null.</param>
    /// <returns>The loaded version.</returns>
    /// <exception cref="ArgumentException">The result is not a success.</exception>
    /// <exception cref="InvalidOperationException">The assembly lacks the signal class or the fuel field (not built by <see cref="SignalCompiler"/>).</exception>
    public static LoadedSignal Load(SignalCompileResult compiled, SignalIdentity identity, IReadOnlySet<string>? allowed = null, int maxDepth = 256, PluginCatalog? plugins = null)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        ArgumentNullException.ThrowIfNull(identity);
        if (!compiled.Success || compiled.Assembly.IsEmpty) throw new ArgumentException($"signal '{identity.Name}' did not compile", nameof(compiled));
        var context = new SignalLoadContext($"signal {identity.Name} {identity.SourceHash[..Math.Min(12, identity.SourceHash.Length)]}",
            allowed ?? SignalLoadContext.AllowedAssemblies(plugins?.Names), plugins);
        try
        {
            using var image = new MemoryStream(compiled.Assembly.ToArray(), writable: false);
            var assembly = context.LoadFromStream(image);
            FuelMeter? meter = null;
            if (compiled.Metered)
            {
                var field = assembly.GetType(SignalCompiler.FuelTypeName)?.GetField(SignalCompiler.FuelFieldName, BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
                    ?? throw new InvalidOperationException($"signal '{identity.Name}' has no fuel meter field; it was not built by the signal compiler");
                meter = new FuelMeter(maxDepth);
                // Before any of the signal's code runs: the generated default meter is empty (fails closed).
                field.SetValue(null, meter);
            }
            var type = assembly.GetType(compiled.ClassName ?? "", throwOnError: false)
                ?? throw new InvalidOperationException($"signal '{identity.Name}' has no class '{compiled.ClassName}'");
            var factory = CreateFactory(type);
            return new LoadedSignal(context, identity, factory, meter);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    /// <summary>The evaluator's view: identity, factory, meter and parameter overrides.</summary>
    /// <param name="parameters">Parameter overrides, or null.</param>
    /// <returns>The definition.</returns>
    public SignalDefinition Definition(IReadOnlyDictionary<string, double>? parameters = null)
    {
        ObjectDisposedException.ThrowIf(IsUnloaded, this);
        return new SignalDefinition(Identity, Factory, parameters, Meter);
    }

    /// <summary>
    /// Starts unloading the version's context. The evaluator must no longer hold an instance; the
    /// returned weak reference goes dead once the GC has collected everything of it.
    /// </summary>
    /// <returns>A weak reference to the context, to check that it really went.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public WeakReference Unload()
    {
        var context = Interlocked.Exchange(ref _context, null) ?? throw new InvalidOperationException($"signal '{Identity.Name}' is already unloaded");
        var weak = new WeakReference(context, trackResurrection: false);
        context.Unload();
        return weak;
    }

    /// <summary>A delegate that news the signal up (a compiled expression would pin the context; a closure over the constructor does not).</summary>
    private static Func<Signal> CreateFactory(Type type)
    {
        var constructor = type.GetConstructor(Type.EmptyTypes)
            ?? throw new InvalidOperationException($"signal class '{type.Name}' has no public parameterless constructor");
        return () => (Signal)constructor.Invoke(null);
    }
}
