namespace Market.Core.Bus;

/// <summary>One message as a subscriber sees it.</summary>
/// <param name="Subject">The concrete subject it was published to (never a wildcard).</param>
/// <param name="Payload">The bytes published; the bus holds its own copy.</param>
/// <param name="Headers">Optional headers, as published.</param>
/// <param name="ReplyTo">Where a reply goes (set for requests); publish the reply to this subject.</param>
public sealed record BusMessage(string Subject, ReadOnlyMemory<byte> Payload, BusHeaders? Headers, string? ReplyTo);
