namespace Mcp.Server;

/// <summary>What the server tells an agent at connection: a few lines that orient it.</summary>
public static class ServerInstructions
{
    /// <summary>The instructions text.</summary>
    public const string Text =
        "Deepwater serves recorded and live market data (read-only). Start with list_markets to find feeds and symbols, " +
        "then get_market for a summary. get_trades, get_bars and get_orderbook read history; replay_orderbook shows how a book moved. " +
        "data_inventory, data_gaps and data_quality tell you what data exists and how trustworthy it is; system_status shows feed health. " +
        "Times accept ISO-8601 (2026-08-10T12:00:00Z) or relative forms (now-1h, 15m = 15 minutes ago). Prices and sizes are exact decimal strings. " +
        "Results are {data, meta}: meta says returned/available/truncated; pass meta.next_cursor as cursor for more. " +
        "Errors carry code, message and a hint naming the argument or tool that fixes them. " +
        "Signals: list_signals, get_signal, get_signal_history; list_state_builders and resource deepwater://docs/signal-api document the API. " +
        "When the author tools are on: validate_signal, then backtest_signal, then commit_signal (deploys; rollback_signal undoes). report_issue tells the operators about a problem.";
}
