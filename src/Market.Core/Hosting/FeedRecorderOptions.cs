using Market.Core.Books;
using Market.Core.Journal;

namespace Market.Core.Hosting;

/// <summary>Where and how <see cref="FeedRecorder"/> records one feed: under <c>{DataDirectory}/{Environment}/{Feed}</c>.</summary>
/// <param name="DataDirectory">Where journals live.</param>
/// <param name="Environment">The environment folder and first subject token.</param>
/// <param name="Feed">The feed's name: its journal folder and subject token.</param>
/// <param name="Checkpoints">When to write periodic book checkpoints; null for the defaults.</param>
/// <param name="Journal">Journal settings; null for the defaults.</param>
/// <param name="CheckSequences">
/// True when the recorder checks venue sequences itself (per instrument, stepping by one, as the sim
/// does); false when the venue's parser does (Coinbase, Binance, Kalshi).
/// </param>
public sealed record FeedRecorderOptions(
    string DataDirectory,
    string Environment,
    string Feed,
    BookCheckpointOptions? Checkpoints = null,
    JournalOptions? Journal = null,
    bool CheckSequences = false)
{
    /// <summary>The journal's directory, <c>{DataDirectory}/{Environment}/{Feed}</c>.</summary>
    public string JournalDirectory => MmapJournal.PathFor(DataDirectory, Environment, Feed);

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting; returns this.</summary>
    public FeedRecorderOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory)) throw new ArgumentException("a recorder needs a data directory", nameof(DataDirectory));
        if (string.IsNullOrWhiteSpace(Environment)) throw new ArgumentException("a recorder needs an environment", nameof(Environment));
        if (string.IsNullOrWhiteSpace(Feed) || Feed.IndexOfAny(['/', '\\', '.']) >= 0)
        {
            throw new ArgumentException($"'{Feed}' is not a feed name (no dots or slashes: it is a folder and a subject token)", nameof(Feed));
        }
        (Checkpoints ?? new BookCheckpointOptions()).Validate();
        (Journal ?? new JournalOptions()).Validate();
        return this;
    }
}
