using System.Text;
using Market.Core.Feeds;
using Market.Core.Feeds.Binance;
using Market.Core.Feeds.Capture;
using Market.Core.Tests.Support;

namespace Market.Core.Tests.Feeds.Binance;

/// <summary>The Binance USD-M capture in shared/data, and how to feed it to a parser.</summary>
internal static class BinanceCapture
{
    public static readonly string Path = SharedData.File("binance_futures_ws.jsonl");

    public static readonly string[] Symbols = ["SUSHIUSDT", "AKROUSDT", "KEEPUSDT", "CTKUSDT"];

    /// <summary>The WebSocket frames and the REST depth snapshots, in file order.</summary>
    public static IEnumerable<CaptureFrame> Frames() =>
        CaptureReader.Read(Path).Where(f => f.Type == "recv" || (f.Type == "http" && DepthSymbol(f) is not null));

    /// <summary>The symbol of a <c>/fapi/v1/depth?symbol=X</c> request, or null for any other frame.</summary>
    public static string? DepthSymbol(CaptureFrame frame)
    {
        if (frame.Url is null || !frame.Url.Contains("/fapi/v1/depth?", StringComparison.Ordinal)) return null;
        var query = frame.Url[(frame.Url.IndexOf('?', StringComparison.Ordinal) + 1)..];
        return query.Split('&').Select(p => p.Split('=')).Where(p => p[0] == "symbol").Select(p => p[1]).Single();
    }

    /// <summary>Feeds one frame: a WebSocket message to Parse, a depth response to ApplyDepthSnapshot.</summary>
    public static ParseOutcome Feed(BinanceParser parser, CaptureFrame frame, IMarketEventSink sink, out string reason) =>
        DepthSymbol(frame) is { } symbol
            ? parser.ApplyDepthSnapshot(frame.Data, Encoding.UTF8.GetBytes(symbol), frame.TsRecv, sink, out reason)
            : parser.Parse(frame.Data, frame.TsRecv, sink, out reason);
}
