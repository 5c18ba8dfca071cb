namespace Market.Core.Feeds.Binance;

/// <summary>
/// Which Binance market a feed records. The streams share their shapes; the market decides only
/// the depth sync rules (<c>pu</c> chain or <c>U</c> = previous <c>u</c> + 1) and the REST snapshot path.
/// </summary>
public enum BinanceMarket
{
    /// <summary>USDⓈ-M futures (<c>fstream.binance.com</c>, <c>/fapi/v1/depth</c>); the default, as before spot existed.</summary>
    UsdmFutures,

    /// <summary>Spot (<c>stream.binance.com:9443</c>, <c>/api/v3/depth</c>).</summary>
    Spot,
}

/// <summary>A <c>binance</c> feed's <c>venue</c> names its market.</summary>
public static class BinanceVenues
{
    /// <summary>The venue of a spot feed.</summary>
    public const string Spot = "binance-spot";

    /// <summary>The venue of a USDⓈ-M futures feed.</summary>
    public const string Futures = "binance-futures";

    /// <summary>What a feed without a <c>venue</c> gets (the kind's name); futures, as feeds meant before spot existed.</summary>
    public const string Default = "binance";

    /// <summary>Every venue a <c>binance</c> feed may name.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal) { Default, Futures, Spot };

    /// <summary>The market a venue names.</summary>
    /// <param name="venue">A feed's venue.</param>
    /// <param name="market">The market; futures unless the venue is <see cref="Spot"/>.</param>
    /// <returns>False for a venue not in <see cref="All"/>.</returns>
    public static bool TryParse(string venue, out BinanceMarket market)
    {
        market = venue == Spot ? BinanceMarket.Spot : BinanceMarket.UsdmFutures;
        return All.Contains(venue);
    }
}
