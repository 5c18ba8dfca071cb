using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Market.Core.Fanout;
using Market.Core.Journal;
using Signals.Library;
using Signals.Runtime.Deployment;
using Signals.Runtime.Fires;

namespace Signals.Runtime.Hosting;

/// <summary>
/// A question to <see cref="SignalHistoryService"/>, as compact JSON whose <c>query</c> member says
/// which: <c>{"query":"history",…}</c> (<see cref="SignalHistoryQuery"/>) or
/// <c>{"query":"recent",…}</c> (<see cref="SignalRecentQuery"/>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "query")]
[JsonDerivedType(typeof(SignalHistoryQuery), "history")]
[JsonDerivedType(typeof(SignalRecentQuery), "recent")]
public abstract record SignalFireQuery
{
    /// <summary>How queries and replies are written and read.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The JSON the query travels as.</summary>
    /// <returns>UTF-8 JSON.</returns>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Parses and checks a query; false, with the reason, when it is not a valid one.</summary>
    /// <param name="json">The request's payload.</param>
    /// <param name="query">The query.</param>
    /// <param name="error">Why it was refused; empty on success.</param>
    /// <returns>True when <paramref name="query"/> is valid.</returns>
    public static bool TryParse(ReadOnlySpan<byte> json, [NotNullWhen(true)] out SignalFireQuery? query, out string error)
    {
        query = null;
        try
        {
            query = JsonSerializer.Deserialize<SignalFireQuery>(json, Json);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            error = $"not a signal history query ({e.Message})";
            return false;
        }
        error = query?.Check() ?? "not a signal history query (empty)";
        if (error.Length > 0) query = null;
        return query is not null;
    }

    /// <summary>What is wrong with the query; empty when nothing is.</summary>
    /// <returns>The reason, or empty.</returns>
    protected abstract string Check();

    /// <summary>Why <paramref name="name"/> is not a signal name; empty when it is.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The reason, or empty.</returns>
    protected static string CheckName(string? name) =>
        name is not null && SignalRepository.IsValidName(name) ? "" : $"'{name}' is not a signal name";
}

/// <summary>A page of one signal's fires: the read <c>get_signal_history</c> makes.</summary>
/// <param name="Signal">The signal's name.</param>
/// <param name="From">Inclusive start on the event clock, UTC ns.</param>
/// <param name="To">Exclusive end, UTC ns (after <paramref name="From"/>).</param>
/// <param name="Limit">The most fires wanted, 1 to <see cref="SignalHistoryService.MaxLimit"/>; a reply may carry fewer (bytes), saying where to go on.</param>
/// <param name="FromSequence">The previous reply's <see cref="SignalHistoryReply.Next"/>; null for the first page.</param>
public sealed record SignalHistoryQuery(string Signal, long From, long To, int Limit, long? FromSequence = null) : SignalFireQuery
{
    /// <inheritdoc/>
    protected override string Check() =>
        CheckName(Signal) is { Length: > 0 } bad ? bad
        : From >= To ? $"'from' ({From}) must be before 'to' ({To})"
        : Limit < 1 || Limit > SignalHistoryService.MaxLimit ? $"'limit' is {Limit}, outside 1..{SignalHistoryService.MaxLimit}"
        : FromSequence < 1 ? $"'from_sequence' is {FromSequence}; sequences start at 1"
        : "";
}

/// <summary>Fire counts over the last window of the journal for some signals: the figures <c>list_signals</c> shows.</summary>
/// <param name="Signals">The signals wanted, at most <see cref="SignalHistoryService.MaxSignals"/>.</param>
/// <param name="Window">The window, ns, ending at the journal's last record.</param>
/// <param name="ScanBudget">The most records to read, 1 to <see cref="SignalHistoryService.MaxScanBudget"/>.</param>
public sealed record SignalRecentQuery(IReadOnlyList<string> Signals, long Window, long ScanBudget) : SignalFireQuery
{
    /// <inheritdoc/>
    protected override string Check() =>
        Signals is null || Signals.Count > SignalHistoryService.MaxSignals ? $"'signals' must list at most {SignalHistoryService.MaxSignals} names"
        : Signals.Select(CheckName).FirstOrDefault(e => e.Length > 0) is { } bad ? bad
        : Window < 1 ? $"'window' is {Window}; it must be positive"
        : ScanBudget < 1 || ScanBudget > SignalHistoryService.MaxScanBudget ? $"'scan_budget' is {ScanBudget}, outside 1..{SignalHistoryService.MaxScanBudget}"
        : "";
}

/// <summary>
/// A reply of <see cref="SignalHistoryService"/>, as compact JSON: exactly one of <see cref="Fires"/>
/// (a history page), <see cref="Recent"/> or <see cref="Error"/>.
/// </summary>
/// <param name="Fires">
/// The page's fires, oldest first, each a base64 bus record (<see cref="RecordCodec"/> v1 around the
/// <see cref="SignalFire"/> v1 payload, sequence included): the bytes <c>FirePublisher</c> publishes on
/// <c>{env}.signals.{name}</c>, so nothing is lost or reformatted on the way.
/// </param>
/// <param name="Next">Where the next page starts (ask again with it as <see cref="SignalHistoryQuery.FromSequence"/>); null at the end.</param>
/// <param name="Recent">The counts of the signals asked for that fired in the window.</param>
/// <param name="Error">Why the query was not answered.</param>
public sealed record SignalHistoryReply(IReadOnlyList<byte[]>? Fires = null, long? Next = null, IReadOnlyList<SignalFireCount>? Recent = null, SignalHistoryError? Error = null)
{
    /// <summary>Whether fires follow this page (<see cref="Next"/> is set): a short page is not the end.</summary>
    public bool More => Next is not null;

    /// <summary>A failed query.</summary>
    /// <param name="code">One of <see cref="SignalHistoryError"/>'s codes.</param>
    /// <param name="message">What was wrong.</param>
    /// <returns>The reply.</returns>
    public static SignalHistoryReply Failed(string code, string message) => new(Error: new SignalHistoryError(code, message));

    /// <summary>A page as a reply.</summary>
    /// <param name="page">The page.</param>
    /// <returns>The reply.</returns>
    public static SignalHistoryReply Of(SignalHistoryPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new([.. page.Fires.Select(f => Encode(f.Sequence, f.Fire))], page.Next);
    }

    /// <summary>The JSON the reply travels as.</summary>
    /// <returns>UTF-8 JSON.</returns>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, SignalFireQuery.Json);

    /// <summary>Reads a reply.</summary>
    /// <param name="json">The reply's payload.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a reply, or a fire in it does not decode.</exception>
    public static SignalHistoryReply Parse(ReadOnlySpan<byte> json)
    {
        SignalHistoryReply? reply;
        try
        {
            reply = JsonSerializer.Deserialize<SignalHistoryReply>(json, SignalFireQuery.Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not a signal history reply: {e.Message}", e);
        }
        return reply ?? throw new InvalidDataException("not a signal history reply: null");
    }

    /// <summary>The page this reply carries.</summary>
    /// <returns>The fires, decoded, and the next start.</returns>
    /// <exception cref="InvalidDataException">A fire does not decode (another version, or damaged).</exception>
    public SignalHistoryPage ToPage()
    {
        var fires = new List<(long, SignalFire)>(Fires?.Count ?? 0);
        foreach (var bytes in Fires ?? [])
        {
            if (!RecordCodec.TryDecode(bytes, out var entry) || entry.Kind != EventKind.SignalFire
                || !SignalFire.TryReadPayload(entry.Payload, new EventHeader(entry.InstrumentId, entry.TsEvent, entry.TsRecv), out var fire))
            {
                throw new InvalidDataException("a fire in the signal history reply does not decode (a runtime of another version?)");
            }
            fires.Add((entry.Sequence, fire));
        }
        return new SignalHistoryPage(fires, Next);
    }

    private static byte[] Encode(long sequence, in SignalFire fire)
    {
        var payload = new byte[fire.PayloadSize];
        EventCodec.WriteTo(fire, payload);
        return RecordCodec.Encode(new JournalRecord(sequence, EventKind.SignalFire, RecordFlags.None, fire.InstrumentId, fire.TsEvent, fire.TsRecv, payload));
    }
}

/// <summary>Why a runtime did not answer a query.</summary>
/// <param name="Code"><see cref="InvalidArgument"/>, <see cref="UnknownSignal"/> or <see cref="Unavailable"/>.</param>
/// <param name="Message">What was wrong, naming the value.</param>
public sealed record SignalHistoryError(string Code, string Message)
{
    /// <summary>The query was malformed or out of range.</summary>
    public const string InvalidArgument = "invalid_argument";

    /// <summary>The runtime's signal journal has no fire of the signal.</summary>
    public const string UnknownSignal = "unknown_signal";

    /// <summary>The journal could not be read.</summary>
    public const string Unavailable = "unavailable";
}
