using System.Globalization;
using Market.Core.Journal;
using Market.Core.Tests.Support;
using Signals.Library;

namespace Market.Core.Tests.Journal;

/// <summary>
/// The writer's pretouch and janitor threads take page faults for it; on Linux they run only on
/// CPU time nothing else wants, so their faults never delay another thread.
/// </summary>
public sealed class JournalPageFaultTests : IDisposable
{
    private const long T0 = 1_700_000_000_000_000_000;
    private const int SchedIdle = 5;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void PretouchAndJanitorThreads_RunAtIdlePriority()
    {
        var before = ThreadIds();
        using var journal = MmapJournal.Open(_temp.Combine("dev", "idle"), new JournalOptions { ChunkSize = 1024 * 1024 }, create: true);
        using var writer = journal.OpenWriter();
        Append(writer, 10);

        // Linux shows thread names cut to 15 characters. Other tests' writers may start meanwhile;
        // theirs lower their priority too, so every new one must end up idle.
        var started = ThreadIds().Except(before)
            .Select(tid => (Tid: tid, Name: ReadTask(tid, "comm")?.Trim()))
            .Where(t => t.Name is "journal-pretouc" or "journal-janitor")
            .ToList();
        Assert.Contains(started, t => t.Name == "journal-pretouc");
        Assert.Contains(started, t => t.Name == "journal-janitor");
        // The threads lower their own policy as they start, which nothing signals.
        Assert.True(SpinWait.SpinUntil(() => started.All(t => Policy(t.Tid) is SchedIdle or null), TimeSpan.FromSeconds(10)),
            "policies: " + string.Join(", ", started.Select(t => $"{t.Name} {Policy(t.Tid)}")));
    }

    private static void Append(IJournalWriter writer, int count)
    {
        var payload = new byte[24];
        for (var i = 0; i < count; i++) writer.Append(EventKind.Trade, 1, T0 + i, T0 + i, payload);
        writer.Commit();
    }

    private static HashSet<int> ThreadIds() =>
        Directory.GetDirectories("/proc/self/task").Select(d => int.Parse(Path.GetFileName(d), CultureInfo.InvariantCulture)).ToHashSet();

    private static string? ReadTask(int tid, string file)
    {
        try { return File.ReadAllText($"/proc/self/task/{tid}/{file}"); }
        catch (IOException) { return null; } // the thread has exited
    }

    /// <summary>The scheduling policy: field 41 of /proc/…/stat, counted after the parenthesised name.</summary>
    private static int? Policy(int tid)
    {
        var stat = ReadTask(tid, "stat");
        if (stat is null) return null;
        var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(afterName[41 - 3], CultureInfo.InvariantCulture);
    }
}
