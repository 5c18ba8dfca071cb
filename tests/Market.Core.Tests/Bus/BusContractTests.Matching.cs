using Market.Core.Bus;

namespace Market.Core.Tests.Bus;

public abstract partial class BusContractTests
{
    private static readonly string[] Tokens = ["a", "b", "c"];

    /// <summary>Every concrete subject of one to four tokens over a, b, c: 120 in all.</summary>
    private static List<string> AllSubjects()
    {
        var subjects = new List<string>();
        var layer = new List<string>(Tokens);
        for (var depth = 1; depth <= 4; depth++)
        {
            subjects.AddRange(layer);
            layer = [.. layer.SelectMany(s => Tokens.Select(t => $"{s}.{t}"))];
        }
        return subjects;
    }

    private static string RandomPattern(Random random)
    {
        var tokens = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(5) == 0 ? "*" : Tokens[random.Next(Tokens.Length)]).ToList();
        if (random.Next(4) == 0) tokens.Add(">");
        return string.Join('.', tokens);
    }

    private async Task AssertEachGetsExactlyItsMatchesAsync(IBus bus, List<IBusSubscription> subs, List<string> subjects)
    {
        foreach (var subject in subjects) await bus.PublishAsync(subject, Bytes(0));
        await bus.FlushAsync().WaitAsync(Patience);
        foreach (var sub in subs)
        {
            var received = new List<string>();
            while (sub.Messages.TryRead(out var message)) received.Add(message.Subject);
            Assert.Equal(subjects.Where(s => Subjects.Matches(sub.Subject, s)), received);
        }
    }

    [Fact]
    public async Task Subscribe_ManyRandomPatterns_EachGetsExactlyTheSubjectsItMatches()
    {
        await using var bus = CreateBus();
        var random = new Random(20261121);
        var subjects = AllSubjects();
        var options = new SubscriptionOptions(Capacity: 1_000, Overflow: OverflowPolicy.DropOldest);
        var subs = Enumerable.Range(0, 150).Select(_ => bus.Subscribe(RandomPattern(random), options)).ToList();
        subs.Add(bus.Subscribe(">", options));
        subs.Add(bus.Subscribe("*", options));

        await AssertEachGetsExactlyItsMatchesAsync(bus, subs, subjects);

        // Unsubscribing must invalidate whatever the bus remembered about earlier publishes.
        var leaving = subs.Where((_, i) => i % 2 == 0).ToList();
        foreach (var sub in leaving) await sub.DisposeAsync();
        var staying = subs.Except(leaving).ToList();
        staying.Add(bus.Subscribe("a.*.c", options));
        await AssertEachGetsExactlyItsMatchesAsync(bus, staying, subjects);
        foreach (var sub in leaving) Assert.False(sub.Messages.TryRead(out _));

        foreach (var sub in staying) await sub.DisposeAsync();
    }
}
