namespace Signals.Library.Tests.Events;

/// <summary>
/// The payload contract every event type meets. Each event's test class supplies samples,
/// extremes included, and adds only what is specific to its layout.
/// </summary>
public abstract class MarketEventContractTests<T>
    where T : struct, IMarketEvent<T>, IEquatable<T>
{
    protected static EventHeader SampleHeader { get; } = new(7, 1_795_235_885_123_456_789, 1_795_235_885_124_000_000);

    protected static EventHeader ExtremeHeader { get; } = new(uint.MaxValue, long.MinValue, long.MaxValue);

    protected abstract IEnumerable<T> Samples();

    [Fact]
    public void WriteTo_EverySample_WritesExactlyPayloadSizeBytes()
    {
        foreach (var sample in Samples())
        {
            // Two fills that differ in every bit: bytes the codec wrote agree, bytes it skipped do not,
            // and the guard bytes past PayloadSize must survive both.
            var zeros = new byte[sample.PayloadSize + 8];
            var ones = Enumerable.Repeat((byte)0xFF, zeros.Length).ToArray();
            Assert.Equal(sample.PayloadSize, EventCodec.WriteTo(sample, zeros));
            Assert.Equal(sample.PayloadSize, EventCodec.WriteTo(sample, ones));
            Assert.Equal(zeros[..sample.PayloadSize], ones[..sample.PayloadSize]);
            Assert.All(zeros[sample.PayloadSize..], b => Assert.Equal(0x00, b));
            Assert.All(ones[sample.PayloadSize..], b => Assert.Equal(0xFF, b));
            Assert.Equal(EventCodec.CurrentVersion, zeros[0]);
        }
    }

    [Fact]
    public void TryReadPayload_WrittenPayload_RoundTripsWithHeader()
    {
        foreach (var sample in Samples())
        {
            Assert.True(T.TryReadPayload(Encode(sample), sample.Header, out var read));
            Assert.Equal(sample, read);
            Assert.Equal(sample.Header, read.Header);
        }
    }

    [Fact]
    public void TryReadPayload_Empty_ReturnsFalse()
    {
        Assert.False(T.TryReadPayload(ReadOnlySpan<byte>.Empty, SampleHeader, out var read));
        Assert.Equal(default, read);
    }

    [Fact]
    public void TryReadPayload_EveryTruncation_ReturnsFalse()
    {
        foreach (var sample in Samples())
        {
            var payload = Encode(sample);
            for (var length = 0; length < payload.Length; length++)
            {
                Assert.False(T.TryReadPayload(payload.AsSpan(0, length), sample.Header, out _), $"accepted {length} of {payload.Length} bytes");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public void TryReadPayload_TrailingBytes_ReturnsFalse(int extra)
    {
        foreach (var sample in Samples())
        {
            var payload = Encode(sample);
            Array.Resize(ref payload, payload.Length + extra);
            Assert.False(T.TryReadPayload(payload, sample.Header, out _));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(255)]
    public void TryReadPayload_UnknownVersion_ReturnsFalse(byte version)
    {
        foreach (var sample in Samples())
        {
            var payload = Encode(sample);
            payload[0] = version;
            Assert.False(T.TryReadPayload(payload, sample.Header, out _));
        }
    }

    [Fact]
    public void WritePayload_DestinationTooSmall_ThrowsAndWritesNothing()
    {
        foreach (var sample in Samples())
        {
            var buffer = Enumerable.Repeat((byte)0xCC, sample.PayloadSize - 1).ToArray();
            Assert.Throws<ArgumentException>(() => sample.WritePayload(buffer));
            Assert.All(buffer, b => Assert.Equal(0xCC, b));
        }
    }

    [Fact]
    public void TryReadPayload_OneCorruptByte_NeverThrowsAndAcceptsOnlyCanonicalPayloads()
    {
        var random = new Random(42);
        foreach (var sample in Samples())
        {
            var payload = Encode(sample);
            for (var i = 0; i < 200; i++)
            {
                var corrupt = (byte[])payload.Clone();
                corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
                if (T.TryReadPayload(corrupt, sample.Header, out var read))
                {
                    // Anything accepted must mean exactly what it says: re-encoding gives the same bytes.
                    Assert.Equal(corrupt, Encode(read));
                }
            }
        }
    }

    protected static byte[] Encode(in T evt)
    {
        var payload = new byte[evt.PayloadSize];
        Assert.Equal(payload.Length, EventCodec.WriteTo(evt, payload));
        return payload;
    }
}
