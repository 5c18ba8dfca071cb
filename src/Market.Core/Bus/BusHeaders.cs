namespace Market.Core.Bus;

/// <summary>Optional message headers: names are case-sensitive, as on the NATS wire.</summary>
public sealed class BusHeaders : Dictionary<string, string>
{
    /// <summary>Creates an empty set of headers.</summary>
    public BusHeaders() : base(StringComparer.Ordinal) { }

    /// <summary>Creates a copy of <paramref name="headers"/>.</summary>
    public BusHeaders(BusHeaders headers) : base(headers, StringComparer.Ordinal) { }
}
