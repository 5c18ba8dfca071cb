using Market.Core.Bus;

namespace Market.Core.Tests.Bus;

public sealed class SubjectsTests
{
    [Theory]
    [InlineData("a", "a")]
    [InlineData("a.b.c", "a.b.c")]
    [InlineData("a.*", "a.b")]
    [InlineData("*.b", "a.b")]
    [InlineData("a.*.c", "a.b.c")]
    [InlineData("a.>", "a.b")]
    [InlineData("a.>", "a.b.c.d")]
    [InlineData(">", "a")]
    [InlineData(">", "a.b.c")]
    [InlineData("*.*.>", "a.b.c")]
    public void Matches_MatchingPattern_IsTrue(string pattern, string subject) => Assert.True(Subjects.Matches(pattern, subject));

    [Theory]
    [InlineData("a", "b")]
    [InlineData("a", "a.b")]
    [InlineData("a.b", "a")]
    [InlineData("a.*", "a")]
    [InlineData("a.*", "a.b.c")]
    [InlineData("*", "a.b")]
    [InlineData("a.>", "a")]
    [InlineData("a.*.c", "a.b.d")]
    [InlineData("*.*.>", "a.b")]
    [InlineData("ab", "a")]
    [InlineData("a", "ab")]
    public void Matches_NonMatchingPattern_IsFalse(string pattern, string subject) => Assert.False(Subjects.Matches(pattern, subject));

    [Theory]
    [InlineData("", "subject is empty")]
    [InlineData("a..b", "subject 'a..b' has an empty token at position 1")]
    [InlineData(".a", "subject '.a' has an empty token at position 0")]
    [InlineData("a.", "subject 'a.' has an empty token at position 1")]
    [InlineData("a b", "subject 'a b' contains whitespace or a control character (U+0020) at index 1")]
    [InlineData("a.\tb", "subject 'a.\tb' contains whitespace or a control character (U+0009) at index 2")]
    [InlineData("a.>.b", "subject 'a.>.b' has '>' at position 1, but '>' is only allowed as the last token")]
    [InlineData("a.b*", "subject 'a.b*' has token 'b*' at position 1 that mixes '*' or '>' with other characters")]
    [InlineData("a.>x", "subject 'a.>x' has token '>x' at position 1 that mixes '*' or '>' with other characters")]
    public void ValidatePattern_InvalidSubject_ThrowsWithPreciseMessage(string pattern, string expectedStart)
    {
        var e = Assert.Throws<ArgumentException>(() => Subjects.ValidatePattern(pattern));
        Assert.StartsWith(expectedStart, e.Message, StringComparison.Ordinal);
        Assert.False(Subjects.IsValidPattern(pattern));
    }

    [Theory]
    [InlineData("a.*", "cannot publish to 'a.*': the wildcard '*' at position 1 is only allowed in subscriptions")]
    [InlineData(">", "cannot publish to '>': the wildcard '>' at position 0 is only allowed in subscriptions")]
    public void ValidatePublish_Wildcard_ThrowsWithPreciseMessage(string subject, string expectedStart)
    {
        var e = Assert.Throws<ArgumentException>(() => Subjects.ValidatePublish(subject));
        Assert.StartsWith(expectedStart, e.Message, StringComparison.Ordinal);
        Assert.Equal("subject", e.ParamName);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("a.b.c")]
    [InlineData("prod.binance.trade.BTC%2ED-25")]
    [InlineData("$SYS.x_y-z/w")]
    public void ValidatePublish_ValidSubject_DoesNotThrow(string subject)
    {
        Subjects.ValidatePublish(subject);
        Assert.True(Subjects.IsValidPublish(subject));
        Assert.True(Subjects.IsValidPattern(subject));
    }

    [Fact]
    public void ValidatePattern_Wildcards_AreAccepted()
    {
        Subjects.ValidatePattern("a.*.c");
        Subjects.ValidatePattern("a.>");
        Subjects.ValidatePattern(">");
        Subjects.ValidatePattern("*");
    }
}
