namespace Signals.Runtime.Compilation;

/// <summary>What a rule of the <see cref="Allowlist"/> says about its target.</summary>
public enum AllowlistVerdict
{
    /// <summary>Not usable; the rule's hint says what to use instead.</summary>
    Deny = 0,

    /// <summary>The type, or member, is usable (a type's members too, unless a member rule denies one).</summary>
    Allow = 1,

    /// <summary>The type can be named; only its members with their own <see cref="Allow"/> rule are usable.</summary>
    ListedMembersOnly = 2,

    /// <summary>Not usable in source, but the compiler emits it (attributes, record and span helpers): allowed in the emitted IL.</summary>
    EmittedOnly = 3,

    /// <summary>Allowed in emitted IL only inside compiler-generated types (<c>&lt;PrivateImplementationDetails&gt;</c>, inline arrays).</summary>
    GeneratedTypesOnly = 4,
}

/// <summary>
/// One line of the allowlist. <see cref="Target"/> is one of: <c>Namespace.**</c> (the namespace and
/// everything below it), <c>Namespace.*</c> (types directly in it), <c>Namespace.Type</c> (a type, with
/// nested types as <c>Outer+Inner</c> and no generic arity: <c>System.Collections.Generic.List</c>
/// covers <c>List&lt;T&gt;</c>), or <c>Namespace.Type::Member</c> (a member by name, all overloads;
/// constructors are <c>.ctor</c>, operators <c>op_Addition</c>).
/// </summary>
/// <param name="Target">What the rule covers.</param>
/// <param name="Verdict">What it says.</param>
/// <param name="Hint">For a denial: what a signal should use instead.</param>
public sealed record AllowlistRule(string Target, AllowlistVerdict Verdict, string Hint = "");

/// <summary>The outcome of an <see cref="Allowlist"/> lookup.</summary>
/// <param name="Verdict">The effective verdict.</param>
/// <param name="Rule">The rule that decided, or null when nothing matched (denied by default).</param>
/// <param name="Hint">What to use instead, for a denial.</param>
public readonly record struct AllowlistDecision(AllowlistVerdict Verdict, AllowlistRule? Rule, string Hint);
