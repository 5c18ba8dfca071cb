using Market.Core.Feeds.Connectors;

namespace Market.Core.Tests.Feeds.Connectors;

public sealed class FullJitterBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(4, 16)]
    [InlineData(5, 30)]
    [InlineData(1000, 30)]
    public void Ceiling_ByAttempt_DoublesUpToTheCap(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), FullJitterBackoff.Ceiling(attempt, Base, Cap));

    [Fact]
    public void Delay_ManyDraws_SpreadOverTheWholeRangeAndNeverAboveTheCeiling()
    {
        var random = new Random(42);
        var draws = Enumerable.Range(0, 2000).Select(_ => FullJitterBackoff.Delay(3, Base, Cap, random)).ToList();

        Assert.All(draws, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(8)));
        Assert.Contains(draws, d => d < TimeSpan.FromSeconds(1));
        Assert.Contains(draws, d => d > TimeSpan.FromSeconds(7));
    }

    [Fact]
    public void Validate_CapBelowBase_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeedRunnerOptions { BackoffBase = TimeSpan.FromSeconds(5), BackoffMax = TimeSpan.FromSeconds(1) }.Validate());
}
