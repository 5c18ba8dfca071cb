namespace Mcp.Server.Results;

/// <summary>The codes a tool error carries; stable, so agents can branch on them.</summary>
public static class ErrorCodes
{
    /// <summary>An argument the tool does not have.</summary>
    public const string UnknownArgument = "UNKNOWN_ARGUMENT";

    /// <summary>A required argument is missing.</summary>
    public const string MissingArgument = "MISSING_ARGUMENT";

    /// <summary>An argument of the wrong type, outside its bounds or not one of its values.</summary>
    public const string InvalidArgument = "INVALID_ARGUMENT";

    /// <summary>A time or duration that does not parse.</summary>
    public const string BadTime = "BAD_TIME";

    /// <summary>A range whose start is not before its end.</summary>
    public const string BadRange = "BAD_RANGE";

    /// <summary>A cursor that is not one this tool handed out.</summary>
    public const string BadCursor = "BAD_CURSOR";

    /// <summary>No journal for the feed.</summary>
    public const string UnknownFeed = "UNKNOWN_FEED";

    /// <summary>The feed has no such symbol.</summary>
    public const string UnknownSymbol = "UNKNOWN_SYMBOL";

    /// <summary>The client called too often.</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>The data could not be read (a journal error).</summary>
    public const string Unavailable = "UNAVAILABLE";

    /// <summary>No signal of that name (in the repository, or in the journal).</summary>
    public const string UnknownSignal = "UNKNOWN_SIGNAL";

    /// <summary>The source did not compile or broke a sandbox rule; the diagnostics say where.</summary>
    public const string CompileFailed = "COMPILE_FAILED";

    /// <summary>The signal compiled but could not start (its Configure threw or ran out of budget), or was quarantined in its smoke test.</summary>
    public const string LoadFailed = "LOAD_FAILED";

    /// <summary>What the tool needs is not set up on this server (no signals repository, no worker).</summary>
    public const string NotConfigured = "NOT_CONFIGURED";

    /// <summary>The connected client does not offer sampling (its own model), or the model's reply was unusable.</summary>
    public const string SamplingUnavailable = "SAMPLING_UNAVAILABLE";

    /// <summary>The range holds no data to replay.</summary>
    public const string NoData = "NO_DATA";

    /// <summary>The tool exists but its group is not enabled on this server.</summary>
    public const string ToolNotEnabled = "TOOL_NOT_ENABLED";
}
