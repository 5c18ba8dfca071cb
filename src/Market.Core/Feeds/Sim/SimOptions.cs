using Signals.Library;

namespace Market.Core.Feeds.Sim;

/// <summary>Settings of the simulated venue. The same options and the same receive times give the same events.</summary>
/// <param name="Seed">Seeds every random choice the venue makes.</param>
/// <param name="Symbols">The instruments listed; null for <see cref="DefaultSymbols"/>.</param>
/// <param name="Levels">Price levels each side of a book is kept near.</param>
/// <param name="Faults">Faults injected at random; null for none (they can still be injected on demand).</param>
public sealed record SimOptions(int Seed = 1, IReadOnlyList<string>? Symbols = null, int Levels = 10, SimFaults? Faults = null)
{
    /// <summary>A handful of instruments at different price scales and tick sizes.</summary>
    public static IReadOnlyList<string> DefaultSymbols { get; } = ["BTC-USD", "ETH-USD", "SOL-USD", "DOGE-USD", "XRP-USD"];

    /// <summary>The symbols in use.</summary>
    public IReadOnlyList<string> EffectiveSymbols => Symbols ?? DefaultSymbols;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting; returns this.</summary>
    public SimOptions Validate()
    {
        if (EffectiveSymbols.Count == 0) throw new ArgumentException("the sim needs at least one symbol", nameof(Symbols));
        if (EffectiveSymbols.Distinct(StringComparer.Ordinal).Count() != EffectiveSymbols.Count) throw new ArgumentException("sim symbols must be distinct", nameof(Symbols));
        if (Levels is < 2 or > 1000) throw new ArgumentException($"levels must be 2..1000, not {Levels}", nameof(Levels));
        Faults?.Validate();
        return this;
    }
}

/// <summary>
/// Faults the venue injects at random, as chances per venue message. Each one can also be injected
/// on demand through <see cref="SimVenue"/>'s <c>Inject…</c> methods.
/// </summary>
/// <param name="GapChance">Chance a message's instrument skips <paramref name="GapLength"/> venue sequences.</param>
/// <param name="GapLength">Venue sequences skipped per gap.</param>
/// <param name="MalformedChance">Chance a malformed raw message goes to the dead-letter callback.</param>
/// <param name="DisconnectChance">Chance of a disconnect followed by a resync.</param>
/// <param name="StaleChance">Chance the venue goes quiet for <paramref name="StaleNanos"/>.</param>
/// <param name="StaleNanos">How long a stale period lasts, in receive-time nanoseconds.</param>
public sealed record SimFaults(
    double GapChance = 0, int GapLength = 3, double MalformedChance = 0, double DisconnectChance = 0, double StaleChance = 0, long StaleNanos = 2_000_000_000)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        foreach (var (name, chance) in new[] { (nameof(GapChance), GapChance), (nameof(MalformedChance), MalformedChance), (nameof(DisconnectChance), DisconnectChance), (nameof(StaleChance), StaleChance) })
        {
            if (chance is < 0 or > 1 || double.IsNaN(chance)) throw new ArgumentException($"{name} must be 0..1, not {chance}", name);
        }
        if (GapLength < 1) throw new ArgumentException($"gap length must be at least 1, not {GapLength}", nameof(GapLength));
        if (StaleNanos < 0) throw new ArgumentException($"stale period must not be negative, not {StaleNanos}", nameof(StaleNanos));
    }
}

/// <summary>Receives a raw venue message the venue made malformed on purpose, as a connector's parser would reject it.</summary>
/// <param name="raw">The message bytes.</param>
/// <param name="reason">The reject reason, e.g. <c>malformed-json</c>.</param>
/// <param name="detail">Why it was rejected.</param>
/// <param name="tsRecv">When it was "received".</param>
public delegate void SimDeadLetter(ReadOnlySpan<byte> raw, string reason, string detail, long tsRecv);

/// <summary>Fixed per-instrument price scales, so streams of different seeds are comparable.</summary>
internal static class SimPrices
{
    public static long Base(int i) => i switch
    {
        0 => 43_125 * FixedPoint.Scale,
        1 => 2_250 * FixedPoint.Scale,
        2 => 98 * FixedPoint.Scale,
        3 => FixedPoint.Scale / 10,
        _ => (1 + i) * FixedPoint.Scale / 2,
    };

    public static long Tick(int i) => i switch
    {
        0 or 1 => FixedPoint.Scale / 100,
        2 => FixedPoint.Scale / 1_000,
        _ => FixedPoint.Scale / 100_000,
    };
}
