using System.Globalization;
using Signals.Library;
using Signals.Library.State;

/// <summary>The spread widens to several times its own recent average: liquidity is leaving the book.</summary>
public sealed class SpreadBlowout : Signal
{
    private StateKey<BookState> _book = null!;
    private StateKey<Series> _typicalSpread = null!;
    private double _multiple;
    private double _floorBps;

    public override void Configure(SignalSetup setup)
    {
        setup.Describe("The spread (bps of mid) exceeds a multiple of its EMA and an absolute floor.");
        setup.Subscribe("*", "*", EventKinds.Book | EventKinds.Gap);
        _book = setup.Use(Builders.Book());
        _typicalSpread = setup.Use(Indicators.Ema(Sources.SpreadBps(), 200));
        _multiple = setup.Parameter("multiple", 4, "how many times the typical spread counts as a blow-out");
        _floorBps = setup.Parameter("floor_bps", 5, "ignore spreads narrower than this, in bps");
        setup.LimitFires(20);
    }

    public override void OnBookChanged(SignalContext context)
    {
        var book = context.State(_book);
        var typical = context.State(_typicalSpread);
        if (!book.IsValid || !typical.IsWarm || book.SpreadBps is not { } spread) return;
        if (spread >= _floorBps && spread > _multiple * typical.Value)
        {
            // Invariant: the message must not depend on the machine's culture.
            context.Alert(string.Create(CultureInfo.InvariantCulture, $"spread {spread:F1} bps is {spread / typical.Value:F1}x its average"),
                ("spread_bps", spread), ("typical_bps", typical.Value), ("bid_levels", book.BidCount), ("ask_levels", book.AskCount));
        }
    }
}
