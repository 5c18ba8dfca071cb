using Signals.Library;

namespace Signals.Library.Tests.Signals;

public sealed class SignalFireCodecTests
{
    private static readonly SignalFire Sample = new(3, 1_700_000_000_123_456_789, 1_700_000_000_123_456_789, FireKind.TradeSignal, Side.Sell, 987_654,
        "book_depth_ratio", "0123456789abcdef0123456789abcdef01234567", new string('f', 64), "coinbase", "ETH-USD", "bids thin: ratio 0.21 — ñ",
        [("ratio", 0.21), ("levels", 10L), ("venue", "cb"), ("crossed", true)]);

    [Fact]
    public void RoundTrip_KeepsEveryValue()
    {
        var buffer = new byte[Sample.PayloadSize];
        Assert.Equal(buffer.Length, EventCodec.WriteTo(Sample, buffer));

        Assert.True(SignalFire.TryReadPayload(buffer, Sample.Header, out var read));
        Assert.Equal(Sample, read);
        Assert.Equal(FireFieldKind.Flag, read.Fields[3].Kind);
    }

    [Fact]
    public void TryRead_TruncatedOrPadded_Fails()
    {
        var buffer = new byte[Sample.PayloadSize];
        Sample.WritePayload(buffer);

        for (var cut = 0; cut < buffer.Length; cut++) Assert.False(SignalFire.TryReadPayload(buffer.AsSpan(0, cut), Sample.Header, out _));
        Assert.False(SignalFire.TryReadPayload([.. buffer, 0], Sample.Header, out _));
    }

    [Fact]
    public void Write_TooManyFields_Refused()
    {
        var fire = Sample with { Fields = [.. Enumerable.Range(0, 9).Select(i => (FireField)($"f{i}", i))] };

        Assert.Throws<ArgumentException>(() => fire.WritePayload(new byte[fire.PayloadSize]));
    }

    [Fact]
    public void Default_EncodesAsEmptyStrings()
    {
        var fire = default(SignalFire) with { Type = FireKind.Fire };
        var buffer = new byte[fire.PayloadSize];
        fire.WritePayload(buffer);

        Assert.True(SignalFire.TryReadPayload(buffer, fire.Header, out var read));
        Assert.Equal("", read.Signal);
        Assert.Empty(read.Fields);
    }
}
