namespace Mcp.Server;

/// <summary>Groups of tools, switched on by configuration (never by the conversation).</summary>
[Flags]
public enum ToolGroups
{
    /// <summary>No tools.</summary>
    None = 0,

    /// <summary>Read-only market data, inventory, quality and status tools.</summary>
    Read = 1,

    /// <summary>Signal authoring tools (validate, backtest, draft, commit, disable, roll back); off unless enabled.</summary>
    Author = 2,

    /// <summary>Operator tools (feed control and the like, none yet); off unless enabled.</summary>
    Operator = 4,
}

/// <summary>Per-client call limits: a token bucket of <paramref name="Burst"/> calls refilled at <paramref name="CallsPerMinute"/>.</summary>
/// <param name="CallsPerMinute">Sustained calls per minute per client; 0 turns limiting off.</param>
/// <param name="Burst">Calls a client may make at once before the sustained rate applies.</param>
public sealed record RateLimitOptions(int CallsPerMinute = 300, int Burst = 60);

/// <summary>Bounds on what one tool call returns.</summary>
/// <param name="DefaultLimit">Items returned when a call names no limit.</param>
/// <param name="MaxLimit">The largest limit a call may ask for.</param>
/// <param name="MaxResultChars">Characters of one result (structured content plus text) before items are cut and the result says so.</param>
/// <param name="ScanBudget">Journal records one call may read before it stops and reports a partial answer.</param>
public sealed record ResultCaps(int DefaultLimit = 100, int MaxLimit = 1000, int MaxResultChars = 20_000, long ScanBudget = 50_000_000);

/// <summary>
/// The Deepwater MCP server's settings: where the journals are, which tool groups are on, and the
/// limits every client gets. Immutable; change with <c>with</c>; validated at start.
/// </summary>
public sealed record DeepwaterMcpOptions
{
    /// <summary>The data directory holding <c>{env}/{feed}</c> journals.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The environment: a folder under the data directory.</summary>
    public string Environment { get; init; } = "dev";

    /// <summary>Tool groups served; authoring and operator tools are off unless listed.</summary>
    public ToolGroups Groups { get; init; } = ToolGroups.Read;

    /// <summary>Per-client call limits.</summary>
    public RateLimitOptions RateLimit { get; init; } = new();

    /// <summary>Result bounds.</summary>
    public ResultCaps Caps { get; init; } = new();

    /// <summary>The signals folder (in a git repository) the signal tools read and the authoring tools commit to; null when there is none.</summary>
    public string? SignalsDirectory { get; init; }

    /// <summary>The folder holding <c>feeds/*.yaml</c> for <c>deepwater://feeds/{feed}</c>; null when not configured.</summary>
    public string? ConfigDirectory { get; init; }

    /// <summary>Bounds and placement of backtests, smoke tests and drafts.</summary>
    public AuthoringOptions Authoring { get; init; } = new();

    /// <summary>The environment's directory: <c>{data}/{env}</c>.</summary>
    public string EnvironmentDirectory => Path.Combine(DataDirectory, Environment);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    /// <returns>These options.</returns>
    public DeepwaterMcpOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory)) throw new ArgumentException("the MCP server needs a data directory (--data)");
        if (string.IsNullOrWhiteSpace(Environment) || Environment.IndexOfAny(['/', '\\']) >= 0 || Environment is "." or "..")
        {
            throw new ArgumentException($"'{Environment}' is not an environment name (one folder name, no slashes)");
        }
        if (RateLimit.CallsPerMinute < 0 || RateLimit.Burst < 1) throw new ArgumentException("rate limit: calls per minute must be >= 0 and burst >= 1");
        if (Caps.DefaultLimit < 1 || Caps.MaxLimit < Caps.DefaultLimit) throw new ArgumentException("result caps: need 1 <= default limit <= max limit");
        if (Caps.MaxResultChars < 2_000) throw new ArgumentException("result caps: max result characters must be at least 2000");
        if (Caps.ScanBudget < 1_000) throw new ArgumentException("result caps: the scan budget must be at least 1000 records");
        Authoring.Validate();
        return this;
    }

    /// <summary>Parses a comma-separated group list such as <c>read,author</c>.</summary>
    /// <param name="text">The list.</param>
    /// <returns>The groups.</returns>
    public static ToolGroups ParseGroups(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var groups = ToolGroups.None;
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            groups |= name.ToUpperInvariant() switch
            {
                "READ" => ToolGroups.Read,
                "AUTHOR" => ToolGroups.Author,
                "OPERATOR" => ToolGroups.Operator,
                _ => throw new ArgumentException($"unknown tool group '{name}' (use read, author, operator)"),
            };
        }
        return groups;
    }
}
