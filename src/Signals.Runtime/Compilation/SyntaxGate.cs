using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Signals.Runtime.Compilation;

/// <summary>
/// L1: refuses, from syntax alone, what no signal needs and what would weaken the later layers:
/// unsafe code, pointers, large stackalloc, dynamic, extern, finalizers, static constructors,
/// module initializers and assembly attributes, explicit layout, async, iterators, lock,
/// preprocessor directives (they could hide warnings or remap lines), the rewriter's reserved
/// <c>__Deepwater</c> names, and <c>__arglist</c>-style keywords. Also bounds size and nesting.
/// </summary>
public static class SyntaxGate
{
    /// <summary>The largest source accepted, in UTF-8 bytes.</summary>
    public const int MaxSourceBytes = 64 * 1024;

    /// <summary>The deepest nesting of blocks, types, lambdas and initializers accepted.</summary>
    public const int MaxNesting = 32;

    /// <summary>The deepest syntax tree accepted (long expression chains count).</summary>
    public const int MaxSyntaxDepth = 256;

    /// <summary>The most elements a <c>stackalloc</c> may ask for (a constant).</summary>
    public const int MaxStackallocElements = 128;

    /// <summary>The prefix of names the fuel rewriter emits; signal source may not use it.</summary>
    public const string ReservedPrefix = "__Deepwater";

    private static readonly HashSet<string> BannedAttributes = new(StringComparer.Ordinal)
    {
        "ModuleInitializer", "StructLayout", "FieldOffset", "DllImport", "LibraryImport", "UnsafeAccessor",
        "SkipLocalsInit", "InlineArray", "InterceptsLocation", "MethodImpl",
    };

    /// <summary>Checks a parsed signal.</summary>
    /// <param name="tree">The signal's syntax tree.</param>
    /// <param name="file">The author's file name, for diagnostics.</param>
    /// <returns>Errors, empty when the syntax is acceptable.</returns>
    public static IReadOnlyList<SignalDiagnostic> Check(SyntaxTree tree, string file)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(file);
        var found = new List<SignalDiagnostic>();
        var root = tree.GetRoot();
        var bytes = System.Text.Encoding.UTF8.GetByteCount(tree.GetText().ToString());
        if (bytes > MaxSourceBytes)
        {
            found.Add(Error(file, root.GetFirstToken(includeZeroWidth: true), "DW1001",
                $"the source is {bytes} bytes; a signal is at most {MaxSourceBytes}", "split helpers into a state builder plugin, or simplify"));
            return found;
        }

        // Iterative, so hostile nesting cannot overflow our own stack.
        var stack = new Stack<(SyntaxNode Node, int Depth, int Nesting)>();
        stack.Push((root, 0, 0));
        while (stack.Count > 0)
        {
            var (node, depth, nesting) = stack.Pop();
            if (depth > MaxSyntaxDepth)
            {
                found.Add(Error(file, node, "DW1002", $"the code nests deeper than {MaxSyntaxDepth} syntax levels", "break long expressions into local variables"));
                return found;
            }
            if (OpensNesting(node) && ++nesting > MaxNesting)
            {
                found.Add(Error(file, node, "DW1002", $"blocks, lambdas and initializers nest deeper than {MaxNesting}", "extract methods or local functions"));
                return found;
            }
            CheckNode(node, file, found);
            foreach (var child in node.ChildNodesAndTokens().Reverse())
            {
                if (child.IsNode) stack.Push((child.AsNode()!, depth + 1, nesting));
                else CheckToken(child.AsToken(), file, found);
            }
        }
        return DiagnosticFactory.Sorted(found);
    }

    private static bool OpensNesting(SyntaxNode node) => node is BlockSyntax or BaseTypeDeclarationSyntax or AnonymousFunctionExpressionSyntax
        or InitializerExpressionSyntax or SwitchStatementSyntax or SwitchExpressionSyntax or ParenthesizedExpressionSyntax;

    private static void CheckNode(SyntaxNode node, string file, List<SignalDiagnostic> found)
    {
        switch (node)
        {
            case UnsafeStatementSyntax:
                found.Add(Error(file, node, "DW1003", "unsafe code is not allowed in a signal", "use arrays, spans and collections"));
                break;
            case PointerTypeSyntax or FunctionPointerTypeSyntax or FixedStatementSyntax:
                found.Add(Error(file, node, "DW1004", "pointers are not allowed in a signal", "use arrays, spans and ref locals"));
                break;
            case PrefixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.AddressOfExpression) || p.IsKind(SyntaxKind.PointerIndirectionExpression):
                found.Add(Error(file, node, "DW1004", "pointer operations are not allowed in a signal", "use arrays, spans and ref locals"));
                break;
            case MemberAccessExpressionSyntax m when m.IsKind(SyntaxKind.PointerMemberAccessExpression):
                found.Add(Error(file, node, "DW1004", "pointer member access (->) is not allowed in a signal", "use . on a ref or a value"));
                break;
            case StackAllocArrayCreationExpressionSyntax s:
                CheckStackalloc(s, StackallocSize(s), file, found);
                break;
            case ImplicitStackAllocArrayCreationExpressionSyntax s:
                CheckStackalloc(s, s.Initializer.Expressions.Count, file, found);
                break;
            case IdentifierNameSyntax { Identifier.ValueText: "dynamic" }:
                found.Add(Error(file, node, "DW1006", "dynamic is not allowed in a signal", "use a concrete type; the runtime binder is reflection"));
                break;
            case ExternAliasDirectiveSyntax:
                found.Add(Error(file, node, "DW1007", "extern alias is not allowed in a signal", "signals see Signals.Library and the BCL allowlist only"));
                break;
            case DestructorDeclarationSyntax:
                found.Add(Error(file, node, "DW1008", "finalizers are not allowed in a signal", "release state in your handlers; the runtime owns object lifetimes"));
                break;
            case ConstructorDeclarationSyntax c when c.Modifiers.Any(SyntaxKind.StaticKeyword):
                found.Add(Error(file, node, "DW1016", "static constructors are not allowed in a signal", "initialise instance fields, or in Configure"));
                break;
            case AttributeListSyntax { Target: { } target } when target.Identifier.IsKind(SyntaxKind.AssemblyKeyword) || target.Identifier.IsKind(SyntaxKind.ModuleKeyword):
                found.Add(Error(file, node, "DW1009", $"{target.Identifier.ValueText}-level attributes are not allowed in a signal", "signals carry no assembly metadata"));
                break;
            case AttributeSyntax a when BannedAttributes.Contains(AttributeName(a)):
                found.Add(Error(file, node, "DW1010", $"[{AttributeName(a)}] is not allowed in a signal", AttributeHint(AttributeName(a))));
                break;
            case AwaitExpressionSyntax:
                found.Add(Error(file, node, "DW1011", "await is not allowed in a signal", "handlers are synchronous: do the work in the handler"));
                break;
            case YieldStatementSyntax:
                found.Add(Error(file, node, "DW1012", "iterators (yield) are not allowed in a signal", "build and return a List<T>"));
                break;
            case LockStatementSyntax:
                found.Add(Error(file, node, "DW1013", "lock is not allowed in a signal", "a signal runs on one thread; no locking is needed"));
                break;
        }
    }

    private static void CheckToken(SyntaxToken token, string file, List<SignalDiagnostic> found)
    {
        switch (token.Kind())
        {
            case SyntaxKind.UnsafeKeyword:
                found.Add(Error(file, token, "DW1003", "unsafe code is not allowed in a signal", "use arrays, spans and collections"));
                break;
            case SyntaxKind.FixedKeyword when token.Parent is not FixedStatementSyntax:
                found.Add(Error(file, token, "DW1004", "fixed-size buffers are not allowed in a signal", "use an array"));
                break;
            case SyntaxKind.ExternKeyword when token.Parent is not ExternAliasDirectiveSyntax:
                found.Add(Error(file, token, "DW1007", "extern methods (native code) are not allowed in a signal", "write the logic in C#"));
                break;
            case SyntaxKind.AsyncKeyword:
                found.Add(Error(file, token, "DW1011", "async is not allowed in a signal", "handlers are synchronous: do the work in the handler"));
                break;
            case SyntaxKind.AwaitKeyword when token.Parent is ForEachStatementSyntax or UsingStatementSyntax or LocalDeclarationStatementSyntax:
                found.Add(Error(file, token, "DW1011", "await is not allowed in a signal", "handlers are synchronous"));
                break;
            case SyntaxKind.ArgListKeyword or SyntaxKind.MakeRefKeyword or SyntaxKind.RefTypeKeyword or SyntaxKind.RefValueKeyword:
                found.Add(Error(file, token, "DW1017", $"{token.Text} is not allowed in a signal", "use ordinary parameters and generics"));
                break;
            case SyntaxKind.IdentifierToken when token.ValueText.StartsWith(ReservedPrefix, StringComparison.Ordinal):
                found.Add(Error(file, token, "DW1015", $"names starting with {ReservedPrefix} are reserved for the sandbox", "rename it"));
                break;
        }
        if (!token.ContainsDirectives) return;
        foreach (var trivia in token.LeadingTrivia.Concat(token.TrailingTrivia))
        {
            if (!trivia.IsDirective || trivia.IsKind(SyntaxKind.RegionDirectiveTrivia) || trivia.IsKind(SyntaxKind.EndRegionDirectiveTrivia)) continue;
            var (line, column) = DiagnosticFactory.Position(trivia.GetLocation());
            var text = trivia.ToString().Trim();
            found.Add(new SignalDiagnostic("DW1014", DiagnosticSeverities.Error, DiagnosticLayers.Syntax, file, line, column,
                $"preprocessor directive '{(text.Length > 40 ? text[..40] : text)}' is not allowed in a signal",
                "directives could hide warnings or move line numbers; only #region/#endregion are allowed"));
        }
    }

    private static void CheckStackalloc(ExpressionSyntax node, int? size, string file, List<SignalDiagnostic> found)
    {
        if (size is { } n && n <= MaxStackallocElements) return;
        found.Add(Error(file, node, "DW1005",
            size is null ? "stackalloc needs a constant size in a signal" : $"stackalloc of {size} elements is over the limit of {MaxStackallocElements}",
            "use an array (new T[n]) kept in a field and reused"));
    }

    private static int? StackallocSize(StackAllocArrayCreationExpressionSyntax s)
    {
        if (s.Initializer is { } init) return init.Expressions.Count;
        if (s.Type is ArrayTypeSyntax { RankSpecifiers: [{ Sizes: [LiteralExpressionSyntax { Token.Value: int n }] }] }) return n;
        return null;
    }

    private static string AttributeName(AttributeSyntax a)
    {
        var name = a.Name switch
        {
            QualifiedNameSyntax q => q.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax q => q.Name.Identifier.ValueText,
            SimpleNameSyntax s => s.Identifier.ValueText,
            _ => a.Name.ToString(),
        };
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name[..^"Attribute".Length] : name;
    }

    private static string AttributeHint(string name) => name switch
    {
        "ModuleInitializer" => "put set-up code in Configure",
        "StructLayout" or "FieldOffset" => "use ordinary structs; overlapping fields are unsafe",
        "DllImport" or "LibraryImport" => "native code is not available to signals",
        "UnsafeAccessor" => "private members of other assemblies are off limits",
        _ => "not needed in a signal",
    };

    private static SignalDiagnostic Error(string file, SyntaxNodeOrToken at, string id, string message, string hint) =>
        DiagnosticFactory.Error(file, at, id, DiagnosticLayers.Syntax, message, hint);
}
