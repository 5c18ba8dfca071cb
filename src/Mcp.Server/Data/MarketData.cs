using System.Collections.Concurrent;
using Market.Core.Journal;
using Mcp.Server.Results;
using Signals.Library;

namespace Mcp.Server.Data;

/// <summary>
/// The journals of one environment as the tools see them (co-located mode: read straight from
/// <c>{data}/{env}/{feed}</c>). Resolves feed and symbol names into precise errors that say what exists.
/// </summary>
public sealed class MarketData(DeepwaterMcpOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, MmapJournal> _journals = new(StringComparer.Ordinal);

    /// <summary>The server's settings.</summary>
    public DeepwaterMcpOptions Options { get; } = options;

    /// <summary>Now, UTC nanoseconds, for relative time arguments.</summary>
    public long Now => UnixNanos.FromDateTimeOffset(time.GetUtcNow());

    /// <summary>The feeds that have a journal, by name.</summary>
    /// <returns>The names.</returns>
    public IReadOnlyList<string> Feeds()
    {
        var root = Options.EnvironmentDirectory;
        if (!Directory.Exists(root)) return [];
        return [.. Directory.EnumerateDirectories(root)
            .Where(d => File.Exists(Path.Combine(d, "journal.meta")))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The journal directory of a feed (which may not exist).</summary>
    /// <param name="feed">The feed.</param>
    /// <returns>The path.</returns>
    public string DirectoryOf(string feed) => MmapJournal.PathFor(Options.DataDirectory, Options.Environment, feed);

    /// <summary>Opens <paramref name="feed"/>'s journal or explains which feeds exist.</summary>
    /// <param name="tool">The calling tool, for messages.</param>
    /// <param name="feed">The feed.</param>
    /// <returns>The journal.</returns>
    public MmapJournal Journal(string tool, string feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        if (_journals.TryGetValue(feed, out var open)) return open;
        var known = Feeds();
        if (feed.IndexOfAny(['/', '\\', '.']) >= 0 || !known.Contains(feed, StringComparer.Ordinal))
        {
            var list = known.Count == 0 ? $"there are no feeds in environment '{Options.Environment}' yet" : $"feeds: {string.Join(", ", known)}";
            throw new ToolError(ErrorCodes.UnknownFeed, $"{tool}: no feed '{feed}' ({list})", "pass 'feed' as one of those; list_markets shows every feed and symbol");
        }
        return _journals.GetOrAdd(feed, f => MmapJournal.Open(DirectoryOf(f)));
    }

    /// <summary>The id of <paramref name="symbol"/> in <paramref name="journal"/>, or an error listing some symbols it has.</summary>
    /// <param name="tool">The calling tool.</param>
    /// <param name="journal">The feed's journal.</param>
    /// <param name="symbol">The venue symbol.</param>
    /// <returns>The instrument id.</returns>
    public static uint Instrument(string tool, IJournal journal, string symbol)
    {
        ArgumentNullException.ThrowIfNull(journal);
        if (journal.Symbols.TryGetId(symbol, out var id)) return id;
        var all = journal.Symbols.All().Select(p => p.Value).ToList();
        var close = all.Where(s => s.Contains(symbol, StringComparison.OrdinalIgnoreCase) || symbol.Contains(s, StringComparison.OrdinalIgnoreCase)).ToList();
        var source = close.Count > 0 ? close : all;
        var shown = source.Take(10).ToList();
        var list = all.Count == 0 ? "it has none yet" : $"{(close.Count > 0 ? "similar" : "some")}: {string.Join(", ", shown)}{(source.Count > shown.Count ? ", …" : "")}";
        throw new ToolError(ErrorCodes.UnknownSymbol, $"{tool}: feed '{journal.Feed}' has no symbol '{symbol}' ({list})",
            $"symbols are exact and case-sensitive; call list_markets with feed='{journal.Feed}' (and query) to find it");
    }

    /// <summary>The receive times of the journal's first and last records, or null when it is empty.</summary>
    /// <param name="journal">The journal.</param>
    /// <returns>The span.</returns>
    public static (long First, long Last)? Span(IJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        using var reader = journal.OpenReader();
        if (!reader.TryRead(out var first)) return null;
        var firstTs = first.TsRecv;
        reader.SeekToEnd();
        var end = reader.NextSequence;
        reader.SeekToSequence(end - 1);
        return reader.TryRead(out var last) ? (firstTs, last.TsRecv) : (firstTs, firstTs);
    }

    /// <summary>
    /// The sequences of the last <paramref name="count"/> records before <paramref name="endSequence"/>
    /// that <paramref name="filter"/> keeps, oldest first, looking back in growing steps.
    /// </summary>
    /// <param name="journal">The journal.</param>
    /// <param name="endSequence">Exclusive end.</param>
    /// <param name="count">How many.</param>
    /// <param name="filter">Which records count.</param>
    /// <param name="budget">Records to read at most.</param>
    /// <returns>The sequences.</returns>
    public static List<long> LastMatching(IJournal journal, long endSequence, int count, RecordFilter filter, long budget)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(filter);
        using var reader = journal.OpenReader();
        var first = reader.NextSequence;
        long scanned = 0;
        var stop = endSequence;
        var found = new List<long>();
        for (long back = Math.Max(count * 4L, 1024); stop > first && scanned < budget; back *= 4)
        {
            var start = Math.Max(first, stop - back);
            reader.SeekToSequence(start);
            var window = new List<long>();
            while (reader.NextSequence < stop && reader.TryRead(out var record))
            {
                scanned++;
                if (filter(record)) window.Add(record.Sequence);
            }
            found.InsertRange(0, window);
            if (found.Count >= count) break;
            stop = start;
        }
        return found.Count > count ? found[^count..] : found;
    }

    /// <summary>The sequence of the first record with TsRecv at or after <paramref name="tsRecv"/>.</summary>
    /// <param name="journal">The journal.</param>
    /// <param name="tsRecv">The time; <see cref="long.MaxValue"/> means the end.</param>
    /// <returns>The sequence (the end when none).</returns>
    public static long SequenceAt(IJournal journal, long tsRecv)
    {
        ArgumentNullException.ThrowIfNull(journal);
        using var reader = journal.OpenReader();
        if (tsRecv == long.MaxValue) reader.SeekToEnd();
        else reader.SeekToTime(tsRecv);
        return reader.NextSequence;
    }
}
