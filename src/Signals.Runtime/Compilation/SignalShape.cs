using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Signals.Runtime.Compilation;

/// <summary>Finds the signal class: exactly one public sealed non-abstract top-level class deriving from Signal, with a public parameterless constructor.</summary>
internal static class SignalShape
{
    private const string Hint = "declare exactly one `public sealed class Name : Signal` with a public parameterless constructor (the default one is fine)";

    public static (string? ClassName, List<SignalDiagnostic> Diagnostics) Find(SemanticModel model, string file)
    {
        var tree = model.SyntaxTree;
        var signalBase = model.Compilation.GetTypeByMetadataName("Signals.Library.Signal");
        var found = new List<SignalDiagnostic>();
        var valid = new List<(INamedTypeSymbol Type, Location At)>();
        foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
        {
            if (model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol type || !DerivesFrom(type, signalBase)) continue;
            var at = declaration.Identifier.GetLocation();
            if (type.IsAbstract) continue;
            var problem = type switch
            {
                { ContainingType: not null } => "is nested; a signal class is declared at the top level",
                { DeclaredAccessibility: not Accessibility.Public } => "is not public",
                { IsSealed: false } => "is not sealed",
                _ when !type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility == Accessibility.Public) => "has no public parameterless constructor",
                _ => null,
            };
            if (problem is null) valid.Add((type, at));
            else found.Add(DiagnosticFactory.Error(file, at, "DW0002", DiagnosticLayers.Signal, $"signal class '{type.Name}' {problem}", Hint));
        }
        if (valid.Count == 0 && found.Count == 0)
        {
            found.Add(DiagnosticFactory.Error(file, tree.GetRoot().GetLocation(), "DW0001", DiagnosticLayers.Signal, "no class deriving from Signal", Hint));
        }
        foreach (var (type, at) in valid.Skip(1))
        {
            found.Add(DiagnosticFactory.Error(file, at, "DW0003", DiagnosticLayers.Signal, $"a second signal class '{type.Name}'; a file holds one signal", "move it to its own file"));
        }
        var name = valid.Count == 1 && found.Count == 0 ? valid[0].Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)) : null;
        return (name, found);
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol? signalBase)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, signalBase)) return true;
        }
        return false;
    }
}
