using System.Globalization;
using Market.Core.Bus;
using Mcp.Server.Results;
using Signals.Library;
using Signals.Runtime.Fires;
using Signals.Runtime.Hosting;

namespace Mcp.Server.Data;

/// <summary>
/// Fires read from a runtime in another process over the bus (<c>{env}.svc.signals.history</c>,
/// answered by <see cref="SignalHistoryService"/>), for a server with no signal journal of its own.
/// A reply cut short by its byte cap is followed by more queries, so a page holds the same fires as
/// one read from the journal directly. No answer within the timeout is a tool error, never a wait.
/// </summary>
/// <param name="bus">The bus the runtime answers on.</param>
/// <param name="environment">The environment token.</param>
/// <param name="timeout">How long to wait for each answer; 2 seconds when null.</param>
public sealed class BusFireSource(IBus bus, string environment, TimeSpan? timeout = null) : ISignalFireSource
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(2);

    /// <summary>The subject asked.</summary>
    public string Subject { get; } = SignalHistoryService.Subject(environment);

    /// <inheritdoc/>
    public SignalHistoryPage? History(string tool, string signal, long fromNanos, long toNanos, int limit, long? fromSequence, out string none)
    {
        none = "";
        var fires = new List<(long Sequence, SignalFire Fire)>(Math.Min(limit, SignalHistoryService.MaxLimit));
        var next = fromSequence;
        do
        {
            var reply = Ask(tool, new SignalHistoryQuery(signal, fromNanos, toNanos, Math.Min(limit - fires.Count, SignalHistoryService.MaxLimit), next));
            if (reply.Error is { Code: SignalHistoryError.UnknownSignal })
            {
                if (fires.Count > 0) break; // it fired a moment ago and the journal was trimmed since: keep what came
                none = $"it has not fired yet (the runtime answering on {Subject} has no fire of it)";
                return null;
            }
            var page = Page(tool, reply);
            fires.AddRange(page.Fires);
            next = page.Next;
            if (page.Fires.Count == 0) break;
        }
        // A short page that says more was cut by the reply's byte cap: ask for the rest.
        while (fires.Count < limit && next is not null);
        return new SignalHistoryPage(fires, next);
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, SignalFireCount> Recent(string tool, IReadOnlyList<string> signals, long windowNanos, long scanBudget)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var counts = new Dictionary<string, SignalFireCount>(StringComparer.Ordinal);
        foreach (var chunk in signals.Distinct(StringComparer.Ordinal).Chunk(SignalHistoryService.MaxSignals))
        {
            var reply = Ask(tool, new SignalRecentQuery(chunk, windowNanos, Math.Min(scanBudget, SignalHistoryService.MaxScanBudget)));
            Check(tool, reply);
            foreach (var count in reply.Recent ?? []) counts[count.Signal] = count;
        }
        return counts;
    }

    private SignalHistoryReply Ask(string tool, SignalFireQuery query)
    {
        try
        {
            var answer = bus.RequestAsync(Subject, query.ToJson(), _timeout).GetAwaiter().GetResult();
            return SignalHistoryReply.Parse(answer.Payload.Span);
        }
        catch (Exception e) when (e is NoRespondersException or TimeoutException)
        {
            var why = e is NoRespondersException ? "nothing subscribes to it" : "timed out";
            throw new ToolError(ErrorCodes.Unavailable,
                string.Create(CultureInfo.InvariantCulture, $"{tool}: no signal runtime answered on {Subject} within {_timeout.TotalSeconds:0.###}s ({why}); this server has no signal journal of its own, so it reads fires from the runtime"),
                "an operator starts the runtime on this bus and environment (deepwater runtime --bus URL, or deepwater run --bus URL), or serves MCP with --data pointing at the runtime's data directory");
        }
        catch (InvalidDataException e)
        {
            throw new ToolError(ErrorCodes.Unavailable, $"{tool}: the runtime answering on {Subject} sent an unreadable reply ({e.Message})",
                "an operator runs the same deepwater version for the runtime and the MCP server");
        }
    }

    private SignalHistoryPage Page(string tool, SignalHistoryReply reply)
    {
        Check(tool, reply);
        try
        {
            return reply.ToPage();
        }
        catch (InvalidDataException e)
        {
            throw new ToolError(ErrorCodes.Unavailable, $"{tool}: the runtime answering on {Subject} sent an unreadable reply ({e.Message})",
                "an operator runs the same deepwater version for the runtime and the MCP server");
        }
    }

    private void Check(string tool, SignalHistoryReply reply)
    {
        switch (reply.Error)
        {
            case null:
                return;
            case { Code: SignalHistoryError.InvalidArgument }:
                throw new ToolError(ErrorCodes.InvalidArgument, $"{tool}: the runtime answering on {Subject} refused the query: {reply.Error.Message}",
                    "check the arguments against the tool's schema; a runtime of another deepwater version may read them differently");
            default:
                throw new ToolError(ErrorCodes.Unavailable, $"{tool}: the runtime answering on {Subject} could not read its signal journal: {reply.Error.Message}",
                    "retry; an operator checks the runtime's log and data directory");
        }
    }
}
