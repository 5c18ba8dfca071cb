using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Signals.Runtime.Compilation;

/// <summary>
/// L3: rewrites a signal so it charges a <c>FuelMeter</c>: a <c>Tick()</c> at every loop back-edge,
/// every goto and every goto target; <c>Enter()</c> … <c>finally { Exit(); }</c> around every method,
/// constructor, accessor, operator, local function and lambda body (which also bounds recursion);
/// a filter on every catch so signal code never handles a budget exception; and a <c>Tick()</c> at
/// the top of every finally so an exhausted meter keeps throwing. <c>Configure</c> and the handlers
/// are not wrapped: only the runtime enters them (see <see cref="SignalHandlers"/>), right after refilling the meter. Inserted code carries no newlines,
/// so every original token stays on its line and stack traces point at the author's lines.
/// </summary>
public sealed class FuelRewriter : CSharpSyntaxRewriter
{
    private const string Meter = "global::" + SignalCompiler.FuelTypeName + "." + SignalCompiler.FuelFieldName;

    private static readonly StatementSyntax Tick = ParseStatement(Meter + ".Tick();").WithoutTrivia();
    private static readonly StatementSyntax Enter = ParseStatement(Meter + ".Enter();").WithoutTrivia();
    private static readonly StatementSyntax Exit = ParseStatement(Meter + ".Exit();").WithoutTrivia();

    private readonly SemanticModel _model;
    private int _catches;

    private FuelRewriter(SemanticModel model) => _model = model;

    /// <summary>The generated file that declares the meter the rewritten code charges; the loader replaces the field's value.</summary>
    public static string FuelSource { get; } =
        $"internal static class {SignalCompiler.FuelTypeName} {{ internal static global::Signals.Library.Sandbox.FuelMeter {SignalCompiler.FuelFieldName} = new(); }}";

    /// <summary>Rewrites the signal's tree; <paramref name="model"/> is the semantic model of the original tree.</summary>
    /// <param name="tree">The tree that passed L1 and L2.</param>
    /// <param name="model">Its semantic model, to tell void bodies from value-returning ones.</param>
    /// <returns>The metered tree, same file path and options, same line for every original token.</returns>
    public static SyntaxTree Rewrite(SyntaxTree tree, SemanticModel model)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(model);
        var root = new FuelRewriter(model).Visit(tree.GetRoot());
        return tree.WithRootAndOptions(root, tree.Options);
    }

    // Loops: a tick at the top of every body is a tick per back-edge.
    /// <inheritdoc/>
    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var v = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return v.WithStatement(Ticked(v.Statement));
    }

    /// <inheritdoc/>
    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var v = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return v.WithStatement(Ticked(v.Statement));
    }

    /// <inheritdoc/>
    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var v = (ForStatementSyntax)base.VisitForStatement(node)!;
        return v.WithStatement(Ticked(v.Statement));
    }

    /// <inheritdoc/>
    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var v = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return v.WithStatement(Ticked(v.Statement));
    }

    /// <inheritdoc/>
    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var v = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return v.WithStatement(Ticked(v.Statement));
    }

    /// <inheritdoc/>
    public override SyntaxNode? VisitGotoStatement(GotoStatementSyntax node)
    {
        var v = (GotoStatementSyntax)base.VisitGotoStatement(node)!;
        return Wrap(v, Tick);
    }

    /// <inheritdoc/>
    public override SyntaxNode? VisitLabeledStatement(LabeledStatementSyntax node)
    {
        var v = (LabeledStatementSyntax)base.VisitLabeledStatement(node)!;
        return v.WithStatement(Ticked(v.Statement));
    }

    // Finally blocks charge too: an exhausted meter throws again, so a finally cannot spin.
    /// <inheritdoc/>
    public override SyntaxNode? VisitFinallyClause(FinallyClauseSyntax node)
    {
        var v = (FinallyClauseSyntax)base.VisitFinallyClause(node)!;
        return v.WithBlock(v.Block.WithStatements(v.Block.Statements.Insert(0, Tick)));
    }

    /// <inheritdoc/>
    public override SyntaxNode? VisitCatchClause(CatchClauseSyntax node)
    {
        var v = (CatchClauseSyntax)base.VisitCatchClause(node)!;
        var name = $"{SyntaxGate.ReservedPrefix}Ex{_catches++}";
        var declaration = v.Declaration;
        if (declaration is null)
        {
            declaration = CatchDeclaration(Token(SyntaxKind.OpenParenToken).WithoutTrivia(), ParseTypeName("global::System.Exception").WithoutTrivia(),
                Identifier(TriviaList(Space), name, TriviaList()), Token(SyntaxKind.CloseParenToken).WithoutTrivia());
            // Keep `catch` and `{` apart by whatever separated them.
            declaration = declaration.WithTrailingTrivia(v.CatchKeyword.TrailingTrivia);
            v = v.WithCatchKeyword(v.CatchKeyword.WithTrailingTrivia());
        }
        else if (declaration.Identifier.IsKind(SyntaxKind.None))
        {
            declaration = declaration.WithIdentifier(Identifier(TriviaList(Space), name, TriviaList()));
        }
        else
        {
            name = declaration.Identifier.ValueText;
        }
        var guard = ParseExpression($"!{Meter}.IsFatal({name})").WithoutTrivia();
        var filter = v.Filter is { } original
            ? original.WithFilterExpression(BinaryExpression(SyntaxKind.LogicalAndExpression, guard, Token(SyntaxKind.AmpersandAmpersandToken).WithoutTrivia(),
                ParenthesizedExpression(Token(SyntaxKind.OpenParenToken).WithoutTrivia(), original.FilterExpression, Token(SyntaxKind.CloseParenToken).WithoutTrivia())))
            : CatchFilterClause(Token(SyntaxKind.WhenKeyword).WithoutTrivia(), Token(SyntaxKind.OpenParenToken).WithoutTrivia(), guard, Token(SyntaxKind.CloseParenToken).WithoutTrivia());
        return v.WithDeclaration(declaration).WithFilter(filter);
    }

    // Bodies: Enter/try/finally Exit.
    /// <inheritdoc/>
    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        var symbol = _model.GetDeclaredSymbol(node);
        var v = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
        // Handlers start from the runtime alone (L2), with the meter refilled and depth at zero: no entry charge.
        if (SignalHandlers.IsRuntimeEntered(symbol)) return v;
        return MeterMember(v, symbol is { ReturnsVoid: true });
    }

    /// <inheritdoc/>
    public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node) =>
        MeterMember((ConstructorDeclarationSyntax)base.VisitConstructorDeclaration(node)!, returnsVoid: true);

    /// <inheritdoc/>
    public override SyntaxNode? VisitOperatorDeclaration(OperatorDeclarationSyntax node)
    {
        var returnsVoid = _model.GetDeclaredSymbol(node) is { ReturnsVoid: true };
        return MeterMember((OperatorDeclarationSyntax)base.VisitOperatorDeclaration(node)!, returnsVoid);
    }

    /// <inheritdoc/>
    public override SyntaxNode? VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node) =>
        MeterMember((ConversionOperatorDeclarationSyntax)base.VisitConversionOperatorDeclaration(node)!, returnsVoid: false);

    /// <inheritdoc/>
    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node)
    {
        var v = (AccessorDeclarationSyntax)base.VisitAccessorDeclaration(node)!;
        var returnsVoid = !v.IsKind(SyntaxKind.GetAccessorDeclaration);
        if (v.Body is { } body) return v.WithBody(Metered(body));
        if (v.ExpressionBody is { } arrow)
        {
            return v.WithExpressionBody(null).WithSemicolonToken(default)
                .WithBody(Metered(arrow, v.SemicolonToken, returnsVoid));
        }
        return v;
    }

    /// <inheritdoc/>
    public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node)
    {
        var v = (PropertyDeclarationSyntax)base.VisitPropertyDeclaration(node)!;
        if (v.ExpressionBody is not { } arrow) return v;
        return v.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(Getter(arrow, v.SemicolonToken));
    }

    /// <inheritdoc/>
    public override SyntaxNode? VisitIndexerDeclaration(IndexerDeclarationSyntax node)
    {
        var v = (IndexerDeclarationSyntax)base.VisitIndexerDeclaration(node)!;
        if (v.ExpressionBody is not { } arrow) return v;
        return v.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(Getter(arrow, v.SemicolonToken));
    }

    /// <inheritdoc/>
    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var returnsVoid = _model.GetDeclaredSymbol(node) is IMethodSymbol { ReturnsVoid: true };
        var v = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        if (v.Body is { } body) return v.WithBody(Metered(body));
        if (v.ExpressionBody is { } arrow)
        {
            return v.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Metered(arrow, v.SemicolonToken, returnsVoid));
        }
        return v;
    }

    /// <inheritdoc/>
    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var returnsVoid = LambdaReturnsVoid(node);
        var v = (ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!;
        return v.Block is { } block ? v.WithBlock(Metered(block))
            : v.WithExpressionBody(null).WithBlock(Metered(v.ExpressionBody!, returnsVoid));
    }

    /// <inheritdoc/>
    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var returnsVoid = LambdaReturnsVoid(node);
        var v = (SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!;
        return v.Block is { } block ? v.WithBlock(Metered(block))
            : v.WithExpressionBody(null).WithBlock(Metered(v.ExpressionBody!, returnsVoid));
    }

    /// <inheritdoc/>
    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        var v = (AnonymousMethodExpressionSyntax)base.VisitAnonymousMethodExpression(node)!;
        return v.WithBlock(Metered(v.Block));
    }

    private bool LambdaReturnsVoid(LambdaExpressionSyntax node) => _model.GetSymbolInfo(node).Symbol is IMethodSymbol { ReturnsVoid: true };

    private static T MeterMember<T>(T member, bool returnsVoid)
        where T : BaseMethodDeclarationSyntax
    {
        if (member.Body is { } body) return (T)member.WithBody(Metered(body));
        if (member.ExpressionBody is { } arrow)
        {
            return (T)member.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Metered(arrow, member.SemicolonToken, returnsVoid));
        }
        return member;
    }

    private static AccessorListSyntax Getter(ArrowExpressionClauseSyntax arrow, SyntaxToken semicolon)
    {
        var getter = AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, Metered(arrow.Expression, returnsVoid: false))
            .WithKeyword(Token(SyntaxKind.GetKeyword).WithoutTrivia());
        return AccessorList(
            Token(arrow.ArrowToken.LeadingTrivia, SyntaxKind.OpenBraceToken, arrow.ArrowToken.TrailingTrivia),
            List([getter]),
            Token(semicolon.LeadingTrivia, SyntaxKind.CloseBraceToken, semicolon.TrailingTrivia));
    }

    /// <summary><c>{ Enter(); try { body } finally { Exit(); } }</c>, the original braces outermost.</summary>
    private static BlockSyntax Metered(BlockSyntax body)
    {
        var inner = Block(Token(SyntaxKind.OpenBraceToken).WithoutTrivia(), body.Statements,
            Token(body.CloseBraceToken.LeadingTrivia, SyntaxKind.CloseBraceToken, TriviaList()));
        return Block(body.OpenBraceToken, List([Enter, TryFinally(inner)]), body.CloseBraceToken.WithLeadingTrivia());
    }

    /// <summary>An arrow body as a metered block: the arrow's trivia on <c>{</c>, the semicolon's on <c>}</c>.</summary>
    private static BlockSyntax Metered(ArrowExpressionClauseSyntax arrow, SyntaxToken semicolon, bool returnsVoid)
    {
        var block = Metered(arrow.Expression, returnsVoid);
        return block
            .WithOpenBraceToken(Token(arrow.ArrowToken.LeadingTrivia, SyntaxKind.OpenBraceToken, arrow.ArrowToken.TrailingTrivia))
            .WithCloseBraceToken(Token(semicolon.LeadingTrivia, SyntaxKind.CloseBraceToken, semicolon.TrailingTrivia));
    }

    private static BlockSyntax Metered(ExpressionSyntax expression, bool returnsVoid)
    {
        StatementSyntax statement = expression switch
        {
            ThrowExpressionSyntax t => ThrowStatement(Token(TriviaList(), SyntaxKind.ThrowKeyword, TriviaList(Space)), t.Expression, Token(SyntaxKind.SemicolonToken).WithoutTrivia()),
            _ when returnsVoid => ExpressionStatement(expression, Token(SyntaxKind.SemicolonToken).WithoutTrivia()),
            _ => ReturnStatement(Token(TriviaList(), SyntaxKind.ReturnKeyword, TriviaList(Space)), expression, Token(SyntaxKind.SemicolonToken).WithoutTrivia()),
        };
        var inner = Block(Token(SyntaxKind.OpenBraceToken).WithoutTrivia(), List([statement]), Token(SyntaxKind.CloseBraceToken).WithoutTrivia());
        return Block(Token(SyntaxKind.OpenBraceToken).WithoutTrivia(), List([Enter, TryFinally(inner)]), Token(SyntaxKind.CloseBraceToken).WithoutTrivia());
    }

    private static TryStatementSyntax TryFinally(BlockSyntax inner) =>
        TryStatement(default, Token(SyntaxKind.TryKeyword).WithoutTrivia(), inner, default,
            FinallyClause(Token(SyntaxKind.FinallyKeyword).WithoutTrivia(),
                Block(Token(SyntaxKind.OpenBraceToken).WithoutTrivia(), List([Exit]), Token(SyntaxKind.CloseBraceToken).WithoutTrivia())));

    /// <summary>A loop body or labelled statement with a tick first.</summary>
    private static StatementSyntax Ticked(StatementSyntax statement) => statement is BlockSyntax block
        ? block.WithStatements(block.Statements.Insert(0, Tick))
        : Wrap(statement, Tick);

    /// <summary><c>{ first statement }</c>, the statement's outer trivia moved onto the braces.</summary>
    private static BlockSyntax Wrap(StatementSyntax statement, StatementSyntax first) =>
        Block(
            Token(statement.GetLeadingTrivia(), SyntaxKind.OpenBraceToken, TriviaList()),
            List([first, statement.WithoutLeadingTrivia().WithoutTrailingTrivia()]),
            Token(TriviaList(), SyntaxKind.CloseBraceToken, statement.GetTrailingTrivia()));
}
