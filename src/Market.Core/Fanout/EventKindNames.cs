using Signals.Library;

namespace Market.Core.Fanout;

/// <summary>The kind token of market-data subjects: <c>{env}.{feed}.{kind}.{symbol}</c>.</summary>
public static class EventKindNames
{
    /// <summary>The subject token of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The kind is <see cref="EventKind.None"/> or unknown.</exception>
    public static string NameOf(EventKind kind) => kind switch
    {
        EventKind.Trade => "trade",
        EventKind.BookDelta => "book_delta",
        EventKind.BookSnapshot => "snapshot",
        EventKind.Quote => "quote",
        EventKind.InstrumentStatus => "status",
        EventKind.Gap => "gap",
        // Signal journals publish on {env}.signals.{name}; the name exists so every kind has one.
        EventKind.SignalFire => "signal_fire",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no subject token for this event kind"),
    };

    /// <summary>The kind whose token is <paramref name="name"/>.</summary>
    public static bool TryParse(string name, out EventKind kind)
    {
        foreach (var candidate in Enum.GetValues<EventKind>())
        {
            if (candidate != EventKind.None && NameOf(candidate) == name)
            {
                kind = candidate;
                return true;
            }
        }
        kind = EventKind.None;
        return false;
    }
}
