using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Deepwater.Cli.Signals;

/// <summary>
/// What a signal declares, read from its syntax alone (never by running it): the text of
/// <c>setup.Describe("…")</c> and the names of <c>setup.Parameter("name", …)</c>. Only literal
/// arguments count; a computed one leaves the answer unknown (null).
/// </summary>
internal sealed record SignalSyntax(string? Description, IReadOnlyList<string>? Parameters)
{
    public static SignalSyntax Read(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        string? description = null;
        var parameters = new List<string>();
        var complete = true;
        foreach (var call in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (call.Expression is not MemberAccessExpressionSyntax member || call.ArgumentList.Arguments.Count == 0) continue;
            var first = call.ArgumentList.Arguments[0].Expression as LiteralExpressionSyntax;
            var literal = first is not null && first.IsKind(SyntaxKind.StringLiteralExpression) ? first.Token.ValueText : null;
            switch (member.Name.Identifier.ValueText)
            {
                case "Describe":
                    description ??= literal;
                    break;
                case "Parameter":
                    if (literal is null) complete = false;
                    else parameters.Add(literal);
                    break;
            }
        }
        return new SignalSyntax(description, complete ? parameters : null);
    }
}
