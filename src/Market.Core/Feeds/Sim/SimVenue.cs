using System.Text;
using Signals.Library;

namespace Market.Core.Feeds.Sim;

/// <summary>
/// A seeded, deterministic simulated venue: per instrument an L2 book moved by a random walk of the
/// mid, level updates with absolute sizes, trades that consume the best level, and quotes equal to
/// the top of the book after each change, all stamped with a per-instrument venue sequence. It
/// emits into an <see cref="IMarketEventSink"/>, the path a real connector's parser uses.
/// </summary>
/// <remarks>
/// <para>Each <see cref="Next"/> is one venue message: one instrument's sequence advances by one and
/// its events (deltas of one batch, a trade, a quote) are emitted. The same options and the same
/// sequence of receive times give the same events. The first message of an instrument, and every
/// resync, emits a full <see cref="BookSnapshot"/>.</para>
/// <para>Faults: a sequence gap generates and applies messages on the venue's own book but emits
/// nothing for them, as if they were lost on the wire: the consumer sees the sequence jump and
/// must resync (<see cref="Resync"/>). A malformed message goes to the dead-letter callback and
/// takes no sequence. A disconnect loses a few messages of every instrument, emits a feed-wide
/// <see cref="GapReason.Disconnect"/> gap, then a snapshot of every book. A stale period emits
/// nothing until the receive clock passes its end.</para>
/// Not thread-safe: one thread drives it.
/// </remarks>
public sealed partial class SimVenue
{
    private readonly IMarketEventSink _sink;
    private readonly SimDeadLetter? _deadLetter;
    private readonly SimFaults? _faults;
    private readonly SimInstrument[] _instruments;
    private readonly int _levels;
    private readonly Random _random;
    private ulong _tradeId;
    private long _staleUntil;
    private long _lastTsRecv;
    private int _pendingGap;
    private bool _pendingMalformed;
    private bool _pendingDisconnect;
    private long _pendingStale;

    /// <summary>Creates the venue; nothing is emitted until <see cref="Next"/>.</summary>
    /// <param name="options">Seed, symbols, depth and random faults.</param>
    /// <param name="sink">Where events go.</param>
    /// <param name="deadLetter">Where malformed messages go; null drops them (they are still counted).</param>
    public SimVenue(SimOptions options, IMarketEventSink sink, SimDeadLetter? deadLetter = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        _sink = sink;
        _deadLetter = deadLetter;
        _faults = options.Faults;
        _levels = options.Levels;
        _random = new Random(options.Seed);
        var symbols = options.EffectiveSymbols;
        _instruments = [.. symbols.Select((s, i) => new SimInstrument(s, SimPrices.Base(i), SimPrices.Tick(i)))];
    }

    /// <summary>The listed symbols.</summary>
    public IReadOnlyList<string> Symbols => [.. _instruments.Select(i => i.Symbol)];

    /// <summary>Venue messages emitted.</summary>
    public long Messages { get; private set; }

    /// <summary>Venue messages generated but lost to sequence gaps and disconnects.</summary>
    public long Lost { get; private set; }

    /// <summary>Malformed messages sent to the dead-letter callback.</summary>
    public long Malformed { get; private set; }

    /// <summary>Disconnects so far.</summary>
    public long Disconnects { get; private set; }

    /// <summary>True while a stale period lasts (as of the last receive time seen).</summary>
    public bool IsStale => _lastTsRecv < _staleUntil;

    /// <summary>The venue's own book of <paramref name="symbol"/> (for checks; do not change it).</summary>
    public Signals.Library.Book.OrderBook Book(string symbol) => Find(symbol).Book;

    /// <summary>The venue sequence of <paramref name="symbol"/>'s last message, emitted or lost.</summary>
    public ulong VenueSequence(string symbol) => Find(symbol).Sequence;

    /// <summary>The next <paramref name="messages"/> messages of the next instrument chosen are generated and lost: a sequence gap.</summary>
    public void InjectGap(int messages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(messages, 1);
        _pendingGap += messages;
    }

    /// <summary>The next call to <see cref="Next"/> also sends one malformed raw message to the dead-letter callback.</summary>
    public void InjectMalformed() => _pendingMalformed = true;

    /// <summary>The next call to <see cref="Next"/> disconnects and resyncs every book.</summary>
    public void InjectDisconnect() => _pendingDisconnect = true;

    /// <summary>From the next call to <see cref="Next"/>, nothing is emitted for <paramref name="nanos"/> of receive time.</summary>
    public void InjectStale(long nanos)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanos);
        _pendingStale = nanos;
    }

    /// <summary>Emits a fresh snapshot of one instrument's book, as after a consumer asks for one.</summary>
    /// <param name="instrumentId">The sink's id of the instrument.</param>
    /// <param name="tsRecv">The receive time to stamp.</param>
    /// <returns>False when no listed instrument has that id.</returns>
    public bool Resync(uint instrumentId, long tsRecv)
    {
        foreach (var instrument in _instruments)
        {
            if (!instrument.Listed || instrument.InstrumentId != instrumentId) continue;
            EmitSnapshot(instrument, tsRecv);
            return true;
        }
        return false;
    }

    /// <summary>Runs one venue message received at <paramref name="tsRecv"/> (UTC ns).</summary>
    /// <returns>The number of events emitted (0 while stale).</returns>
    public int Next(long tsRecv)
    {
        _lastTsRecv = tsRecv;
        RollFaults();
        if (_pendingStale > 0)
        {
            _staleUntil = tsRecv + _pendingStale;
            _pendingStale = 0;
        }
        if (tsRecv < _staleUntil) return 0;
        var emitted = 0;
        if (_pendingMalformed)
        {
            _pendingMalformed = false;
            EmitMalformed(tsRecv);
        }
        if (_pendingDisconnect)
        {
            _pendingDisconnect = false;
            emitted += Disconnect(tsRecv);
        }
        var instrument = _instruments[_random.Next(_instruments.Length)];
        if (!instrument.Listed) return emitted + List(instrument, tsRecv);
        if (_pendingGap > 0)
        {
            instrument.Skipping += _pendingGap;
            _pendingGap = 0;
        }
        while (instrument.Skipping > 0)
        {
            instrument.Skipping--;
            Lost++;
            Move(instrument, tsRecv, emit: false);
        }
        Messages++;
        return emitted + Move(instrument, tsRecv, emit: true);
    }

    private void RollFaults()
    {
        if (_faults is null) return;
        if (_faults.GapChance > 0 && _random.NextDouble() < _faults.GapChance) _pendingGap += _faults.GapLength;
        if (_faults.MalformedChance > 0 && _random.NextDouble() < _faults.MalformedChance) _pendingMalformed = true;
        if (_faults.DisconnectChance > 0 && _random.NextDouble() < _faults.DisconnectChance) _pendingDisconnect = true;
        if (_faults.StaleChance > 0 && _random.NextDouble() < _faults.StaleChance && _lastTsRecv >= _staleUntil) _pendingStale = _faults.StaleNanos;
    }

    private int List(SimInstrument instrument, long tsRecv)
    {
        instrument.InstrumentId = _sink.Instrument(Encoding.UTF8.GetBytes(instrument.Symbol));
        instrument.Listed = true;
        Seed(instrument);
        Messages++;
        EmitSnapshot(instrument, tsRecv);
        return 1;
    }

    private int Disconnect(long tsRecv)
    {
        Disconnects++;
        // While we were away the venue moved on: those messages are lost, the books resync below.
        foreach (var instrument in _instruments)
        {
            if (!instrument.Listed) continue;
            for (var i = _random.Next(1, 4); i > 0; i--)
            {
                Lost++;
                Move(instrument, tsRecv, emit: false);
            }
            instrument.Skipping = 0;
        }
        _sink.Gap(new Gap(0, tsRecv, tsRecv, GapReason.Disconnect, 0, 0));
        var emitted = 1;
        foreach (var instrument in _instruments)
        {
            if (!instrument.Listed) continue;
            EmitSnapshot(instrument, tsRecv);
            emitted++;
        }
        return emitted;
    }

    private void EmitMalformed(long tsRecv)
    {
        Malformed++;
        var raw = Encoding.UTF8.GetBytes($"{{\"type\":\"l2update\",\"seq\":{_random.Next()},\"changes\":[[\"buy\",\"4");
        _deadLetter?.Invoke(raw, "malformed-json", "the message ends inside a JSON array", tsRecv);
    }

    private void EmitSnapshot(SimInstrument instrument, long tsRecv)
    {
        var snapshot = instrument.Book.Snapshot(TsEvent(tsRecv), tsRecv, instrument.InstrumentId);
        _sink.Snapshot(snapshot);
    }

    private SimInstrument Find(string symbol) =>
        Array.Find(_instruments, i => i.Symbol == symbol) ?? throw new ArgumentException($"the sim lists no '{symbol}'", nameof(symbol));

    // 50..450 µs of venue-to-us latency.
    private long TsEvent(long tsRecv) => tsRecv - 50_000 - _random.Next(400_000);
}
