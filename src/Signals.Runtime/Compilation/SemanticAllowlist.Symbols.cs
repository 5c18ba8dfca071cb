using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Signals.Runtime.Compilation;

/// <summary>Symbol checks: types, members and declarations against the allowlist.</summary>
public static partial class SemanticAllowlist
{
    private sealed partial class Checker
    {
        private void CheckType(ITypeSymbol? type, Location at)
        {
            if (type is null) return;
            if (!_typeVerdicts.TryGetValue(type, out var denial))
            {
                // Mark first: recursive generic shapes (class C : IComparable<C>) end here.
                _typeVerdicts[type] = null;
                denial = TypeDenial(type, at);
                _typeVerdicts[type] = denial;
            }
            if (denial is { } d) Report(at, "DW2001", d.Rule?.Target ?? Display(type), $"'{Display(type)}' is not allowed in a signal", d.Hint, isMember: false);
        }

        // The denial for the type itself, after checking what it is built from (which reports on its own).
        private AllowlistDecision? TypeDenial(ITypeSymbol type, Location at)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    CheckType(array.ElementType, at);
                    return null;
                case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                    return new AllowlistDecision(AllowlistVerdict.Deny, null, "use arrays, spans and ref locals");
                case IDynamicTypeSymbol:
                    return new AllowlistDecision(AllowlistVerdict.Deny, null, "use a concrete type; the runtime binder is reflection");
                case ITypeParameterSymbol or IErrorTypeSymbol:
                    return null;
                case INamedTypeSymbol named:
                    foreach (var arg in named.TypeArguments) CheckType(arg, at);
                    if (named.ContainingType is { } outer) CheckType(outer, at);
                    if (named.IsTupleType || named.IsAnonymousType || IsOwn(named)) return null;
                    var (ns, name) = Key(named);
                    var decision = allowlist.CheckType(ns, name);
                    return decision.Verdict is AllowlistVerdict.Allow or AllowlistVerdict.ListedMembersOnly ? null : decision;
                default:
                    return null;
            }
        }

        private void CheckMember(ISymbol? member, Location at)
        {
            switch (member)
            {
                case null:
                    return;
                case IMethodSymbol method:
                    method = method.ReducedFrom ?? method;
                    foreach (var arg in method.TypeArguments) CheckType(arg, at);
                    if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction) return;
                    break;
                case ITypeSymbol type:
                    CheckType(type, at);
                    return;
            }
            var containing = member.ContainingType;
            if (containing is null || IsOwn(containing) || containing.IsTupleType || containing.IsAnonymousType)
            {
                if (containing is not null) CheckType(containing, at);
                return;
            }
            foreach (var arg in containing.TypeArguments) CheckType(arg, at);
            var (ns, name) = Key(containing);
            var memberName = member is IMethodSymbol { AssociatedSymbol: { } associated } ? associated.MetadataName : member.MetadataName;
            var decision = allowlist.CheckMember(ns, name, memberName);
            if (decision.Verdict == AllowlistVerdict.Allow) return;
            var display = $"{Display(containing.OriginalDefinition)}.{(memberName == ".ctor" ? "ctor" : memberName)}";
            Report(at, "DW2002", decision.Rule?.Target ?? display, $"'{display}' is not allowed in a signal", decision.Hint, isMember: true);
        }

        private void CheckDeclaration(SyntaxNode declaration)
        {
            if (model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol type) return;
            var at = declaration switch
            {
                Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax t => t.Identifier.GetLocation(),
                Microsoft.CodeAnalysis.CSharp.Syntax.DelegateDeclarationSyntax d => d.Identifier.GetLocation(),
                _ => declaration.GetLocation(),
            };
            CheckType(type.BaseType, at);
            foreach (var i in type.Interfaces) CheckType(i, at);
            foreach (var attribute in type.GetAttributes()) CheckType(attribute.AttributeClass, at);
            foreach (var member in type.GetMembers())
            {
                foreach (var attribute in member.GetAttributes()) CheckType(attribute.AttributeClass, Where(member, at));
                switch (member)
                {
                    case IFieldSymbol { IsStatic: true, IsConst: false } field:
                        CheckStaticField(field, at);
                        break;
                    case IMethodSymbol method when !method.IsImplicitlyDeclared:
                        CheckSignature(method, Where(method, at));
                        foreach (var attribute in method.GetReturnTypeAttributes()) CheckType(attribute.AttributeClass, Where(method, at));
                        break;
                    case IPropertySymbol property:
                        CheckType(property.Type, Where(property, at));
                        break;
                    case IFieldSymbol field:
                        CheckType(field.Type, Where(field, at));
                        break;
                }
            }
        }

        private void CheckStaticField(IFieldSymbol field, Location fallback)
        {
            var owner = field.AssociatedSymbol ?? field;
            var at = Where(owner, fallback);
            const string Hint = "keep state in instance fields of the signal (one instance per signal version); constants can be const or static readonly of a number, enum or string";
            if (owner is IPropertySymbol { SetMethod: not null } property)
            {
                Report(at, "DW2010", "static:" + property.Name, $"static property '{property.Name}' with a setter is static mutable state", Hint, isMember: true);
            }
            else if (owner is IEventSymbol ev)
            {
                Report(at, "DW2010", "static:" + ev.Name, $"static event '{ev.Name}' is static mutable state", Hint, isMember: true);
            }
            else if (!field.IsReadOnly || !IsImmutableScalar(field.Type))
            {
                Report(at, "DW2010", "static:" + owner.Name,
                    field.IsReadOnly
                        ? $"static readonly '{owner.Name}' of type '{Display(field.Type)}' can be mutated; it is static mutable state"
                        : $"static field '{owner.Name}' is static mutable state",
                    Hint, isMember: true);
            }
        }

        private static bool IsImmutableScalar(ITypeSymbol type) =>
            type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
                or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
                or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double
                or SpecialType.System_Decimal or SpecialType.System_String
            || type.TypeKind == TypeKind.Enum;

        private static Location Where(ISymbol symbol, Location fallback) =>
            symbol.Locations.FirstOrDefault(l => l.IsInSource) ?? fallback;

        private bool IsOwn(INamedTypeSymbol type) => SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly);

        private void Report(Location at, string id, string key, string message, string hint, bool isMember)
        {
            var (line, column) = DiagnosticFactory.Position(at);
            _findings.Add(new Finding(line, column, key, id, message, hint, isMember));
        }

        /// <summary>Namespace and arity-free nested name (<c>List+Enumerator</c>), the allowlist's key.</summary>
        private static (string Ns, string Name) Key(INamedTypeSymbol type)
        {
            type = type.OriginalDefinition;
            var name = type.Name;
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType) name = outer.Name + "+" + name;
            var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
            return (ns, name);
        }

        private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
    }
}
