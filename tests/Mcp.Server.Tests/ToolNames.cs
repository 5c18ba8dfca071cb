namespace Mcp.Server.Tests;

/// <summary>The tools of each group, and what each declares about itself.</summary>
internal static class ToolNames
{
    public static readonly string[] Read =
    [
        "data_gaps", "data_inventory", "data_quality", "get_bars", "get_market", "get_orderbook", "get_signal", "get_signal_history", "get_trades",
        "list_markets", "list_signals", "list_state_builders", "replay_orderbook", "report_issue", "system_status",
    ];

    public static readonly string[] Author = ["backtest_signal", "commit_signal", "disable_signal", "draft_signal", "rollback_signal", "validate_signal"];

    /// <summary>Tools that change something; every other tool is read-only. (report_issue only appends a note for operators.)</summary>
    public static readonly string[] Writing = ["commit_signal", "disable_signal", "report_issue", "rollback_signal"];

    /// <summary>Tools that replace or remove what runs.</summary>
    public static readonly string[] Destructive = ["commit_signal", "disable_signal", "rollback_signal"];
}
