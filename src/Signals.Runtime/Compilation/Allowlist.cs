using System.Collections.Frozen;
using Signals.Runtime.Plugins;

namespace Signals.Runtime.Compilation;

/// <summary>
/// What signal code may touch, as data: namespaces, types and members with a verdict and a hint
/// (see <see cref="AllowlistRule"/> for the target syntax). The semantic check (L2) and the emitted
/// assembly check (L4) both ask it; anything no rule covers is denied.
/// </summary>
public sealed partial class Allowlist
{
    private const string DefaultHint = "not on the signal allowlist; use Signals.Library, math, strings, collections, LINQ and spans";

    private readonly FrozenDictionary<string, AllowlistRule> _byTarget;

    /// <summary>Builds an allowlist from rules; a later rule with the same target replaces an earlier one.</summary>
    /// <param name="rules">The rules.</param>
    public Allowlist(IEnumerable<AllowlistRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var byTarget = new Dictionary<string, AllowlistRule>(StringComparer.Ordinal);
        foreach (var rule in rules) byTarget[rule.Target] = rule;
        _byTarget = byTarget.ToFrozenDictionary(StringComparer.Ordinal);
        Rules = [.. byTarget.Values];
    }

    /// <summary>The allowlist signals compile against.</summary>
    public static Allowlist Default { get; } = new(CreateDefaultRules());

    /// <summary>Every rule, for display (MCP shows it to authors).</summary>
    public IReadOnlyList<AllowlistRule> Rules { get; }

    /// <summary>
    /// This allowlist plus an allow rule for every public type of the plugins: plugins are trusted,
    /// operator-installed code, so their public surface is as usable as Signals.Library's.
    /// </summary>
    /// <param name="plugins">The plugin assemblies.</param>
    /// <returns>The extended allowlist, or this one when there are no plugins.</returns>
    /// <exception cref="ArgumentException">A plugin type already has a rule here.</exception>
    public Allowlist WithPlugins(IEnumerable<PluginAssembly> plugins)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        var added = plugins.SelectMany(p => p.PublicTypes.Select(t => (Plugin: p, Type: t))).ToList();
        if (added.Count == 0) return this;
        foreach (var (plugin, type) in added)
        {
            if (_byTarget.ContainsKey(type)) throw new ArgumentException($"plugin '{plugin.Name}' type '{type}' already has an allowlist rule", nameof(plugins));
        }
        return new Allowlist([.. Rules, .. added.Select(a => new AllowlistRule(a.Type, AllowlistVerdict.Allow))]);
    }

    /// <summary>
    /// The verdict on a type: its own rule, else its containing type's, else <c>Namespace.*</c>, else
    /// the nearest <c>Namespace.**</c> up the namespace chain, else denied.
    /// </summary>
    /// <param name="ns">The namespace, empty for the global one.</param>
    /// <param name="typeName">The type name without arity, nested types as <c>Outer+Inner</c>.</param>
    /// <returns>The decision.</returns>
    public AllowlistDecision CheckType(string ns, string typeName)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(typeName);
        var prefix = ns.Length == 0 ? "" : ns + ".";
        for (var name = typeName; name.Length > 0; name = Outer(name))
        {
            if (_byTarget.TryGetValue(prefix + name, out var rule)) return Decide(rule);
        }
        if (_byTarget.TryGetValue(prefix + "*", out var direct)) return Decide(direct);
        for (var n = ns; n.Length > 0; n = Parent(n))
        {
            if (_byTarget.TryGetValue(n + ".**", out var below)) return Decide(below);
        }
        return new AllowlistDecision(AllowlistVerdict.Deny, null, DefaultHint);
    }

    /// <summary>
    /// The verdict on a member: its own rule, else its type's verdict (a type whose verdict is
    /// <see cref="AllowlistVerdict.ListedMembersOnly"/> denies unlisted members).
    /// </summary>
    /// <param name="ns">The declaring type's namespace.</param>
    /// <param name="typeName">The declaring type's name without arity, nested as <c>Outer+Inner</c>.</param>
    /// <param name="member">The member's name (<c>.ctor</c>, <c>op_Implicit</c>, a property's name rather than its accessor's).</param>
    /// <returns>The decision.</returns>
    public AllowlistDecision CheckMember(string ns, string typeName, string member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var prefix = ns.Length == 0 ? "" : ns + ".";
        var type = CheckType(ns, typeName);
        if (_byTarget.TryGetValue(prefix + typeName + "::" + member, out var rule))
        {
            var decision = Decide(rule);
            // A member line without its own hint borrows its type's.
            return decision.Verdict != AllowlistVerdict.Allow && rule.Hint.Length == 0 && type.Hint.Length > 0 ? decision with { Hint = type.Hint } : decision;
        }
        return type.Verdict == AllowlistVerdict.ListedMembersOnly
            ? new AllowlistDecision(AllowlistVerdict.Deny, type.Rule, type.Hint.Length > 0 ? type.Hint : DefaultHint)
            : type;
    }

    /// <summary>Denied rules whose type's simple name is <paramref name="simpleName"/>: hints for names the compiler could not even find.</summary>
    /// <param name="simpleName">A type name as written (<c>Process</c>, <c>HttpClient</c>).</param>
    /// <returns>The first such rule, or null.</returns>
    public AllowlistRule? FindDeniedType(string simpleName)
    {
        ArgumentNullException.ThrowIfNull(simpleName);
        foreach (var rule in Rules)
        {
            if (rule.Verdict != AllowlistVerdict.Deny || rule.Target.Contains("::", StringComparison.Ordinal) || rule.Target.EndsWith('*')) continue;
            var last = rule.Target[(rule.Target.LastIndexOfAny(['.', '+']) + 1)..];
            if (last == simpleName || last == simpleName + "Attribute") return rule;
        }
        return null;
    }

    private static AllowlistDecision Decide(AllowlistRule rule) =>
        new(rule.Verdict, rule, rule.Verdict != AllowlistVerdict.Allow && rule.Hint.Length == 0 ? DefaultHint : rule.Hint);

    private static string Outer(string typeName)
    {
        var plus = typeName.LastIndexOf('+');
        return plus < 0 ? "" : typeName[..plus];
    }

    private static string Parent(string ns)
    {
        var dot = ns.LastIndexOf('.');
        return dot < 0 ? "" : ns[..dot];
    }
}
