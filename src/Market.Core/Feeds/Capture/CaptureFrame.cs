namespace Market.Core.Feeds.Capture;

/// <summary>One line of a recorded capture (cryptofeed's envelope): what happened on which connection, when.</summary>
/// <param name="Type"><c>recv</c>, <c>send</c>, <c>http</c>, <c>connect</c> or <c>header</c>.</param>
/// <param name="Connection">The recorder's connection id, e.g. <c>COINBASE.ws.2</c>.</param>
/// <param name="TsRecv">The recorder's receive time (UTC ns, exact from the decimal seconds).</param>
/// <param name="Data">The frame's text as UTF-8 (a WebSocket message or an HTTP body); empty for connect and header.</param>
/// <param name="Url">The address for http and connect lines.</param>
public sealed record CaptureFrame(string Type, string Connection, long TsRecv, byte[] Data, string? Url);
