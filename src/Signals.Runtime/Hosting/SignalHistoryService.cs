using Market.Core.Bus;
using Market.Core.Journal;
using Signals.Runtime.Fires;

namespace Signals.Runtime.Hosting;

/// <summary>
/// Answers <c>{env}.svc.signals.history</c> from the runtime's signal journal, so an MCP server in
/// another process (another machine, another data directory) reads the fires this runtime recorded.
/// A <see cref="SignalFireQuery"/> (JSON) gets a <see cref="SignalHistoryReply"/> (JSON): a page of
/// at most <see cref="MaxLimit"/> fires and <see cref="MaxReplyBytes"/> record bytes (base64, so the
/// reply stays near half of NATS's default 1 MiB <c>max_payload</c>) with the sequence the next page
/// starts at, or fire counts, or a structured error.
/// </summary>
/// <remarks>Responders join <see cref="QueueGroup"/> like <see cref="RuntimeStatusService"/>, so with several runtimes one answers each query.</remarks>
public sealed class SignalHistoryService : IAsyncDisposable
{
    /// <summary>The queue group responders join.</summary>
    public const string QueueGroup = RuntimeStatusService.QueueGroup;

    /// <summary>The most fires one history query may ask for.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The most bytes of fire records in one reply, before base64.</summary>
    public const int MaxReplyBytes = 384 * 1024;

    /// <summary>The most signals one recent-fires query may name.</summary>
    public const int MaxSignals = 200;

    /// <summary>The most journal records one recent-fires query may read.</summary>
    public const long MaxScanBudget = 100_000_000;

    private readonly IJournal _journal;
    private readonly BusResponder _responder;

    /// <summary>Starts answering.</summary>
    /// <param name="bus">The bus.</param>
    /// <param name="environment">The environment token.</param>
    /// <param name="journal">The runtime's signal journal.</param>
    public SignalHistoryService(IBus bus, string environment, IJournal journal)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(journal);
        _journal = journal;
        _responder = new BusResponder(bus, Subject(environment), QueueGroup, Answer);
    }

    /// <summary>The subject a runtime answers on.</summary>
    /// <param name="environment">The environment token.</param>
    /// <returns><c>{env}.svc.signals.history</c>.</returns>
    public static string Subject(string environment) => $"{environment}.svc.signals.history";

    /// <summary>The reply to <paramref name="query"/> from <paramref name="journal"/>: what the service sends.</summary>
    /// <param name="journal">A signal journal.</param>
    /// <param name="query">A checked query.</param>
    /// <returns>The reply.</returns>
    public static SignalHistoryReply Answer(IJournal journal, SignalFireQuery query)
    {
        ArgumentNullException.ThrowIfNull(journal);
        switch (query)
        {
            case SignalHistoryQuery history:
                if (!journal.Symbols.TryGetId(history.Signal, out _))
                {
                    return SignalHistoryReply.Failed(SignalHistoryError.UnknownSignal, $"the signal journal holds no fire of '{history.Signal}'");
                }
                return SignalHistoryReply.Of(SignalHistoryPage.Read(journal, history.Signal, history.From, history.To, history.Limit, history.FromSequence, MaxReplyBytes));
            case SignalRecentQuery recent:
                var counts = SignalFireCount.Recent(journal, recent.Window, recent.ScanBudget);
                return new SignalHistoryReply(Recent: [.. recent.Signals.Distinct(StringComparer.Ordinal).Select(s => counts.GetValueOrDefault(s)).OfType<SignalFireCount>()]);
            default:
                return SignalHistoryReply.Failed(SignalHistoryError.InvalidArgument, $"unknown query {query?.GetType().Name}");
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _responder.DisposeAsync();

    private ReadOnlyMemory<byte> Answer(BusMessage request)
    {
        SignalHistoryReply reply;
        try
        {
            reply = SignalFireQuery.TryParse(request.Payload.Span, out var query, out var error)
                ? Answer(_journal, query)
                : SignalHistoryReply.Failed(SignalHistoryError.InvalidArgument, error);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ObjectDisposedException)
        {
            reply = SignalHistoryReply.Failed(SignalHistoryError.Unavailable, $"the signal journal could not be read: {e.Message}");
        }
        return reply.ToJson();
    }
}
