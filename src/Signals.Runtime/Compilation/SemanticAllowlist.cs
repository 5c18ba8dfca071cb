using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Signals.Runtime.Compilation;

/// <summary>
/// L2: every symbol a signal touches, named in source or inserted by the compiler (foreach's
/// enumerator, using's Dispose, user-defined conversions and operators, LINQ query methods,
/// interpolated string handlers, deconstruction, collection builders), checked against the
/// <see cref="Allowlist"/>; plus the declarations themselves (base types, attributes, static
/// mutable state).
/// </summary>
public static partial class SemanticAllowlist
{
    /// <summary>Checks one signal's tree, which compiled without errors.</summary>
    /// <param name="model">The semantic model of the signal's tree.</param>
    /// <param name="file">The author's file name, for diagnostics.</param>
    /// <param name="allowlist">The rules.</param>
    /// <returns>Errors, one per offending construct and line.</returns>
    public static IReadOnlyList<SignalDiagnostic> Check(SemanticModel model, string file, Allowlist allowlist)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(allowlist);
        var checker = new Checker(model.Compilation, model, file, allowlist);
        checker.Run(model.SyntaxTree.GetRoot());
        return checker.Results();
    }

    private sealed partial class Checker(Microsoft.CodeAnalysis.Compilation compilation, SemanticModel model, string file, Allowlist allowlist)
    {
        private readonly List<Finding> _findings = [];
        private readonly Dictionary<ITypeSymbol, AllowlistDecision?> _typeVerdicts = new(SymbolEqualityComparer.IncludeNullability);

        public void Run(SyntaxNode root)
        {
            foreach (var node in root.DescendantNodes())
            {
                if (node is SimpleNameSyntax name) CheckName(name);
                if (node is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax) CheckDeclaration(node);
                if (model.GetOperation(node) is { Parent: null } operation) Walk(operation);
            }
        }

        public IReadOnlyList<SignalDiagnostic> Results()
        {
            // One diagnostic per (line, rule): `File.ReadAllText` is one offence, not two.
            var merged = _findings
                .GroupBy(f => (f.Line, f.Key))
                .Select(g =>
                {
                    var first = g.MinBy(f => f.Column)!;
                    var message = g.Where(f => f.IsMember).Select(f => f.Message).FirstOrDefault() ?? first.Message;
                    return new SignalDiagnostic(first.Id, DiagnosticSeverities.Error, DiagnosticLayers.Allowlist, file, first.Line, first.Column, message, first.Hint);
                });
            return DiagnosticFactory.Sorted(merged);
        }

        private void CheckName(SimpleNameSyntax name)
        {
            if (name.Parent is QualifiedNameSyntax q && q.Left == name) return;
            var symbol = model.GetSymbolInfo(name).Symbol;
            switch (symbol)
            {
                case null or INamespaceSymbol or ILocalSymbol or IParameterSymbol or ILabelSymbol or IRangeVariableSymbol or IDiscardSymbol:
                    return;
                case ITypeSymbol type:
                    CheckType(type, name.GetLocation());
                    return;
                default:
                    CheckMember(symbol, name.GetLocation());
                    return;
            }
        }

        private void Walk(IOperation root)
        {
            var stack = new Stack<IOperation>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var op = stack.Pop();
                // nameof only produces a string; what it names is never touched.
                if (op is INameOfOperation) continue;
                CheckOperation(op);
                foreach (var child in op.ChildOperations) stack.Push(child);
            }
        }

        private void CheckOperation(IOperation op)
        {
            var at = NameLocation(op.Syntax);
            CheckType(op.Type, at);
            switch (op)
            {
                case IInvocationOperation i:
                    CheckMember(i.TargetMethod, at);
                    CheckHandler(i.TargetMethod, at);
                    break;
                case IMethodReferenceOperation r:
                    CheckMember(r.Method, at);
                    CheckHandler(r.Method, at);
                    break;
                case IObjectCreationOperation c: CheckMember(c.Constructor, at); break;
                case IMemberReferenceOperation m: CheckMember(m.Member, at); break;
                case IUnaryOperation u: CheckMember(u.OperatorMethod, at); break;
                case IBinaryOperation b: CheckMember(b.OperatorMethod, at); break;
                case IIncrementOrDecrementOperation i: CheckMember(i.OperatorMethod, at); break;
                case ICompoundAssignmentOperation c:
                    CheckMember(c.OperatorMethod, at);
                    CheckMember(c.InConversion.MethodSymbol, at);
                    CheckMember(c.OutConversion.MethodSymbol, at);
                    break;
                case IConversionOperation c: CheckMember(c.OperatorMethod, at); break;
                case IForEachLoopOperation when op.Syntax is CommonForEachStatementSyntax f:
                    var info = model.GetForEachStatementInfo(f);
                    CheckMember(info.GetEnumeratorMethod, at);
                    CheckMember(info.MoveNextMethod, at);
                    CheckMember(info.CurrentProperty, at);
                    CheckMember(info.DisposeMethod, at);
                    CheckType(info.ElementType, at);
                    CheckMember(info.ElementConversion.MethodSymbol, at);
                    CheckMember(info.CurrentConversion.MethodSymbol, at);
                    if (f is ForEachVariableStatementSyntax fv) CheckDeconstruction(model.GetDeconstructionInfo(fv), at);
                    break;
                case IDeconstructionAssignmentOperation when op.Syntax is AssignmentExpressionSyntax a:
                    CheckDeconstruction(model.GetDeconstructionInfo(a), at);
                    break;
                case IRecursivePatternOperation r:
                    CheckMember(r.DeconstructSymbol, at);
                    CheckType(r.MatchedType, at);
                    break;
                case IDeclarationPatternOperation d: CheckType(d.MatchedType, at); break;
                case ITypePatternOperation t: CheckType(t.MatchedType, at); break;
                case IListPatternOperation l:
                    CheckMember(l.LengthSymbol, at);
                    CheckMember(l.IndexerSymbol, at);
                    break;
                case ISlicePatternOperation s: CheckMember(s.SliceSymbol, at); break;
                case IImplicitIndexerReferenceOperation x:
                    CheckMember(x.LengthSymbol, at);
                    CheckMember(x.IndexerSymbol, at);
                    break;
                case ITypeOfOperation t: CheckType(t.TypeOperand, at); break;
                case ISizeOfOperation s: CheckType(s.TypeOperand, at); break;
                case IWithOperation w: CheckMember(w.CloneMethod, at); break;
                case ICollectionExpressionOperation c: CheckMember(c.ConstructMethod, at); break;
                case ISpreadOperation s: CheckMember(s.ElementConversion.MethodSymbol, at); break;
                case ICatchClauseOperation c: CheckType(c.ExceptionType, at); break;
                case IVariableDeclaratorOperation v: CheckType(v.Symbol.Type, at); break;
                case IAnonymousFunctionOperation f: CheckSignature(f.Symbol, at); break;
                case ILocalFunctionOperation f: CheckSignature(f.Symbol, at); break;
                case IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicObjectCreationOperation or IDynamicIndexerAccessOperation:
                    Report(at, "DW2003", "dynamic", "dynamic dispatch is not allowed in a signal", "use a concrete type", isMember: false);
                    break;
                case IFunctionPointerInvocationOperation or IAddressOfOperation:
                    Report(at, "DW2004", "pointer", "pointers are not allowed in a signal", "use arrays, spans and ref locals", isMember: false);
                    break;
            }
        }

        // Only the runtime enters a handler: it refills the meter first, so handlers are not metered at entry.
        private void CheckHandler(IMethodSymbol method, Location at)
        {
            if (!SignalHandlers.IsRuntimeEntered(method)) return;
            Report(at, "DW2011", "handler:" + method.Name, $"'{method.Name}' is called by the runtime only; a signal cannot call it or make a delegate of it",
                "move the shared code into a method of your own and call that from each handler", isMember: true);
        }

        private void CheckDeconstruction(DeconstructionInfo info, Location at)
        {
            CheckMember(info.Method, at);
            CheckMember(info.Conversion?.MethodSymbol, at);
            foreach (var nested in info.Nested) CheckDeconstruction(nested, at);
        }

        private void CheckSignature(IMethodSymbol method, Location at)
        {
            CheckType(method.ReturnType, at);
            foreach (var p in method.Parameters) CheckType(p.Type, at);
        }

        private static Location NameLocation(SyntaxNode syntax) => syntax switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax m } => m.Name.GetLocation(),
            InvocationExpressionSyntax i => i.Expression.GetLocation(),
            MemberAccessExpressionSyntax m => m.Name.GetLocation(),
            ObjectCreationExpressionSyntax o => o.Type.GetLocation(),
            _ => syntax.GetLocation(),
        };

        private readonly record struct Finding(int Line, int Column, string Key, string Id, string Message, string Hint, bool IsMember);
    }
}
