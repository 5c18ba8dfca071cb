using System.Text;
using Signals.Library;

namespace Market.Core.Feeds.Binance;

public sealed partial class BinanceConnector
{
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BinanceDepthState> _states = new(StringComparer.Ordinal);
    private readonly Lock _statesGate = new();
    private uint[]? _instruments;

    /// <summary>A symbol's depth sync state changed (raised on the feed's loop, after the message or snapshot that changed it).</summary>
    public event Action<string, BinanceDepthState>? DepthStateChanged;

    /// <summary>A symbol's depth sync state as of the last message handled; safe from any thread.</summary>
    /// <param name="symbol">One of <see cref="Symbols"/>.</param>
    /// <returns>The state; <see cref="BinanceDepthState.NeedsSnapshot"/> for one not seen yet.</returns>
    public BinanceDepthState DepthState(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        lock (_statesGate) return _states.GetValueOrDefault(symbol.ToUpperInvariant());
    }

    /// <summary>The sink's ids for the symbols, asked for once (the sink may record them).</summary>
    private void ResolveInstruments() =>
        _instruments ??= [.. Symbols.Select(s => _sink.Instrument(Encoding.UTF8.GetBytes(s)))];

    /// <summary>After a gap: every symbol whose book the parser gave up on needs a new snapshot.</summary>
    private void QueueBrokenBooks()
    {
        if (!Channels.Contains(DepthChannel)) return;
        for (var i = 0; i < Symbols.Count; i++)
        {
            if (_parser.Status(_instruments![i]).State == BinanceDepthState.NeedsSnapshot && _pending.Add(Symbols[i])) Metrics.RecordResync();
        }
    }

    /// <summary>
    /// Fetches and applies what the budget allows; the rest stay pending and are tried again after
    /// the next message. A failed request stays pending too; a rejected body is dead-lettered and
    /// dropped (the next gap asks again).
    /// </summary>
    private async ValueTask FetchPendingAsync(CancellationToken cancellationToken)
    {
        foreach (var symbol in Symbols)
        {
            if (!_pending.Contains(symbol) || !_snapshots.TryAcquire()) continue;
            byte[] body;
            try
            {
                body = await _snapshots.GetDepthAsync(symbol, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                Metrics.RecordDeadLetter();
                _deadLetters.Add([], "snapshot-failed", $"GET depth for {symbol}: {e.Message}", Now());
                continue;
            }
            _pending.Remove(symbol);
            var tsRecv = Now();
            var outcome = _parser.ApplyDepthSnapshot(body, Encoding.UTF8.GetBytes(symbol), tsRecv, _sink, out var reason);
            if (outcome == ParseOutcome.Rejected)
            {
                Metrics.RecordParseReject();
                _deadLetters.Add(body, ReasonPrefix(reason), reason, tsRecv);
            }
            else if (outcome == ParseOutcome.Gap)
            {
                // A buffered event broke the chain after the snapshot: this symbol needs another.
                Metrics.RecordGap();
                if (_pending.Add(symbol)) Metrics.RecordResync();
            }
        }
    }

    private long Now() => UnixNanos.FromDateTimeOffset(_snapshots.Time.GetUtcNow());

    /// <summary>Copies the parser's states where other threads can read them, raising <see cref="DepthStateChanged"/> for each that moved.</summary>
    private void PublishStates()
    {
        if (_instruments is null) return;
        for (var i = 0; i < Symbols.Count; i++)
        {
            var state = _parser.Status(_instruments[i]).State;
            bool changed;
            lock (_statesGate)
            {
                changed = !_states.TryGetValue(Symbols[i], out var old) || old != state;
                _states[Symbols[i]] = state;
            }
            if (changed) DepthStateChanged?.Invoke(Symbols[i], state);
        }
    }
}
