using Signals.Library;

namespace Signals.Runtime.Tests.Fires;

/// <summary>Sample fires for the fire-path tests.</summary>
internal static class Fires
{
    public static SignalFire Sample(string signal = "spread_blowout", long ts = 1_700_000_000_000_000_000, FireKind type = FireKind.Fire, string message = "spread blew out") =>
        new(0, ts, ts, type, type == FireKind.TradeSignal ? Side.Buy : Side.None, 42, signal, "0123456789abcdef0123456789abcdef01234567",
            new string('a', 64), "coinbase", "BTC-USD", message, [("spread_bps", 12.5), ("levels", 5), ("note", "wide"), ("crossed", false)]);
}
