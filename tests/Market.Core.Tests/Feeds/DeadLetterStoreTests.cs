using System.Text;
using Market.Core.Feeds;
using Market.Core.Tests.Support;

namespace Market.Core.Tests.Feeds;

public sealed class DeadLetterStoreTests : IDisposable
{
    private const long T0 = 1_700_000_000_123_456_789;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Add_KeepsRawBytesReasonAndTime_AndCountsByReason()
    {
        var dir = _temp.Combine("dev", "coinbase");
        using (var store = new DeadLetterStore(dir, "coinbase"))
        {
            store.Add("{\"type\":\"l2_data\",\"events\":["u8, "malformed-json", "unexpected end of data at byte 27", T0);
            store.Add([0xFF, 0xFE, 0x00, 0x7B], "malformed-json", "invalid UTF-8", T0 + 1);
            store.Add("{\"channel\":\"brand_new\"}"u8, "unknown-type", "channel 'brand_new'", T0 + 2);
            Assert.Equal(3, store.Total);
            Assert.Equal(2, store.ByReason["malformed-json"]);
            Assert.Equal(1, store.ByReason["unknown-type"]);
        }
        var letters = DeadLetterStore.Read(Path.Combine(dir, DeadLetterStore.FileName));
        Assert.Equal(3, letters.Count);
        Assert.Equal("{\"type\":\"l2_data\",\"events\":[", Encoding.UTF8.GetString(letters[0].Raw));
        Assert.Equal(T0, letters[0].TsRecv);
        Assert.Equal([0xFF, 0xFE, 0x00, 0x7B], letters[1].Raw);
        Assert.Equal("unknown-type", letters[2].Reason);
        Assert.Equal("coinbase", letters[2].Feed);
    }

    [Fact]
    public void Add_OversizedMessage_KeepsTheFirstMegabyteAndTheFullLength()
    {
        var dir = _temp.Combine("dev", "big");
        var huge = new byte[DeadLetterStore.MaxStoredBytes + 5_000];
        new Random(3).NextBytes(huge);
        using (var store = new DeadLetterStore(dir, "big")) store.Add(huge, "oversized", "over the 1 MiB frame limit", T0);
        var letter = Assert.Single(DeadLetterStore.Read(Path.Combine(dir, DeadLetterStore.FileName)));
        Assert.Equal(huge.Length, letter.Length);
        Assert.Equal(huge.AsSpan(0, DeadLetterStore.MaxStoredBytes).ToArray(), letter.Raw);
    }

    [Fact]
    public void Reopen_AppendsAfterWhatIsThere_AndATornLastLineIsSkipped()
    {
        var dir = _temp.Combine("dev", "feed");
        using (var store = new DeadLetterStore(dir, "feed")) store.Add("a"u8, "r", "d", T0);
        File.AppendAllText(Path.Combine(dir, DeadLetterStore.FileName), "{\"ts_recv\":\"2026-");
        using (var store = new DeadLetterStore(dir, "feed")) store.Add("b"u8, "r", "d", T0 + 1);
        Assert.Equal(["a", "b"], DeadLetterStore.Read(Path.Combine(dir, DeadLetterStore.FileName)).Select(l => Encoding.UTF8.GetString(l.Raw)));
    }
}
