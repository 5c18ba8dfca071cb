using Market.Core.Feeds.Binance;
using Market.Core.Feeds.Coinbase;
using Market.Core.Feeds.Kalshi;

namespace Market.Core.Feeds.Capture;

public sealed partial class CaptureReplayer
{
    /// <summary>One venue's parser behind one shape, so the replay loop does not branch per venue.</summary>
    private abstract class VenueParser
    {
        public static VenueParser For(CaptureVenue venue) => venue switch
        {
            CaptureVenue.Coinbase => new Coinbase(),
            CaptureVenue.Binance => new Binance(),
            CaptureVenue.Kalshi => new Kalshi(),
            _ => throw new ArgumentOutOfRangeException(nameof(venue), venue, "unknown venue"),
        };

        public abstract ParseOutcome Parse(ReadOnlySpan<byte> message, long tsRecv, IMarketEventSink sink, out string reason);

        public abstract void Reset();

        public virtual ParseOutcome ApplyDepthSnapshot(ReadOnlySpan<byte> body, ReadOnlySpan<byte> symbol, long tsRecv, IMarketEventSink sink, out string reason)
        {
            reason = "unexpected-http";
            return ParseOutcome.Rejected;
        }

        private sealed class Coinbase : VenueParser
        {
            private readonly CoinbaseParser _parser = new();
            public override ParseOutcome Parse(ReadOnlySpan<byte> message, long tsRecv, IMarketEventSink sink, out string reason) => _parser.Parse(message, tsRecv, sink, out reason);
            public override void Reset() => _parser.Reset();
        }

        private sealed class Binance : VenueParser
        {
            private readonly BinanceParser _parser = new();
            public override ParseOutcome Parse(ReadOnlySpan<byte> message, long tsRecv, IMarketEventSink sink, out string reason) => _parser.Parse(message, tsRecv, sink, out reason);
            public override void Reset() => _parser.Reset();
            public override ParseOutcome ApplyDepthSnapshot(ReadOnlySpan<byte> body, ReadOnlySpan<byte> symbol, long tsRecv, IMarketEventSink sink, out string reason) =>
                _parser.ApplyDepthSnapshot(body, symbol, tsRecv, sink, out reason);
        }

        private sealed class Kalshi : VenueParser
        {
            private readonly KalshiParser _parser = new();
            public override ParseOutcome Parse(ReadOnlySpan<byte> message, long tsRecv, IMarketEventSink sink, out string reason) => _parser.Parse(message, tsRecv, sink, out reason);
            public override void Reset() => _parser.Reset();
        }
    }
}
