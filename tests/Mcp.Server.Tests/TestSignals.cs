namespace Mcp.Server.Tests;

/// <summary>Signal sources the authoring tests write, validate, backtest and commit.</summary>
internal static class TestSignals
{
    /// <summary>The line of <see cref="Broken"/> with the typo (1-based).</summary>
    public const int BrokenLine = 16;

    /// <summary>Fires on every <paramref name="every"/>th BTC-USD trade.</summary>
    public static string EveryNthTrade(int every) => $$"""
        using Signals.Library;
        using Signals.Library.State;

        public sealed class EveryNthTrade : Signal
        {
            private long _trades;

            public override void Configure(SignalSetup setup)
            {
                setup.Describe("Every {{every}}th BTC-USD trade.");
                setup.Subscribe("*", "BTC-USD", EventKinds.Trade);
            }

            public override void OnTrade(in Trade trade, SignalContext context)
            {
                if (++_trades % {{every}} == 0) context.Fire("trade " + _trades, ("price", FixedPoint.ToDouble(trade.Price)), ("n", _trades));
            }
        }

        """;

    /// <summary><see cref="EveryNthTrade"/> with a misspelt identifier on <see cref="BrokenLine"/>.</summary>
    public static string Broken => EveryNthTrade(10).Replace("if (++_trades % 10 == 0) context.Fire", "if (++_trades % 10 == 0) contxt.Fire", StringComparison.Ordinal);
}
