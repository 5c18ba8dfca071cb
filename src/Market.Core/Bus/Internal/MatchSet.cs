namespace Market.Core.Bus.Internal;

/// <summary>Who receives a message on one subject: every ungrouped subscriber and one member per queue group.</summary>
internal sealed class MatchSet
{
    private MatchSet(Subscriber[] individuals, QueueGroupMembers[] groups)
    {
        Individuals = individuals;
        Groups = groups;
    }

    /// <summary>No subscriber at all.</summary>
    public static MatchSet Empty { get; } = new([], []);

    /// <summary>Subscribers that each get every message.</summary>
    public Subscriber[] Individuals { get; }

    /// <summary>Queue groups, each of which gets every message once.</summary>
    public QueueGroupMembers[] Groups { get; }

    /// <summary>True when nobody receives the subject.</summary>
    public bool IsEmpty => Individuals.Length == 0 && Groups.Length == 0;

    /// <summary>Splits matched subscribers into individuals and queue groups.</summary>
    public static MatchSet From(List<Subscriber> matched)
    {
        if (matched.Count == 0) return Empty;
        var individuals = matched.Where(s => s.QueueGroup is null).ToArray();
        var groups = matched
            .Where(s => s.QueueGroup is not null)
            .GroupBy(s => s.QueueGroup!, StringComparer.Ordinal)
            .Select(g => new QueueGroupMembers(g.Key, [.. g]))
            .ToArray();
        return new MatchSet(individuals, groups);
    }
}
