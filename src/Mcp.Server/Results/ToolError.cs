namespace Mcp.Server.Results;

/// <summary>
/// A tool failure the agent can act on: a stable <see cref="Code"/>, what went wrong, and a hint
/// naming the tool or argument that fixes it. Becomes an <c>isError</c> result, never a protocol error.
/// </summary>
public sealed class ToolError : Exception
{
    /// <summary>Creates an error.</summary>
    /// <param name="code">One of <see cref="ErrorCodes"/>.</param>
    /// <param name="message">What went wrong, naming the argument and value.</param>
    /// <param name="hint">What fixes it, naming the tool or argument.</param>
    public ToolError(string code, string message, string hint) : base(message)
    {
        Code = code;
        Hint = hint;
    }

    /// <summary>Not used: a tool error always has a code and a hint.</summary>
    public ToolError() : this(ErrorCodes.InvalidArgument, "invalid call", "see the tool's input schema") { }

    /// <summary>Not used: a tool error always has a code and a hint.</summary>
    /// <param name="message">What went wrong.</param>
    public ToolError(string message) : this(ErrorCodes.InvalidArgument, message, "see the tool's input schema") { }

    /// <summary>Not used: a tool error always has a code and a hint.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ToolError(string message, Exception innerException) : base(message, innerException)
    {
        Code = ErrorCodes.Unavailable;
        Hint = "retry later";
    }

    /// <summary>The stable error code.</summary>
    public string Code { get; } = ErrorCodes.InvalidArgument;

    /// <summary>What fixes it.</summary>
    public string Hint { get; } = "see the tool's input schema";
}
