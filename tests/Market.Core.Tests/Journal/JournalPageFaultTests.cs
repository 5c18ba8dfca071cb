using System.Globalization;
using Market.Core.Journal;
using Market.Core.Journal.Internal;
using Market.Core.Tests.Support;
using Signals.Library;

namespace Market.Core.Tests.Journal;

/// <summary>
/// How the writer keeps page faults from holding other threads' CPUs (Linux): each fault ahead of
/// it fills one huge page with no readahead, from a block the host has already backed, and its
/// pretouch and janitor threads, which take those faults for it, run only on CPU time nothing else
/// wants until the writer closes.
/// </summary>
public sealed class JournalPageFaultTests : IDisposable
{
    private const long T0 = 1_700_000_000_000_000_000;
    private const int SchedIdle = 5;
    private const int SchedOther = 0;
    private const int CapSysNice = 23;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ReopenedChunk_PagesAheadOfTheWriterFaultInHugePagesWithoutReadahead_WrittenPagesKeepReadahead()
    {
        var directory = _temp.Combine("dev", "faults");
        var options = new JournalOptions { ChunkSize = 1024 * 1024 };
        using (var journal = MmapJournal.Open(directory, options, create: true))
        using (var writer = journal.OpenWriter())
        {
            Append(writer, 1_000); // tens of KiB: several pages of records
        }
        using var reopened = MmapJournal.Open(directory, options);
        using var continued = reopened.OpenWriter();
        Append(continued, 1);

        var chunk = Assert.Single(Directory.GetFiles(directory, "*.chunk"));
        var areas = WritableMappingsOf(chunk);
        Assert.NotEmpty(areas);
        // The kernel splits the mapping where the advice starts: the recorded pages keep readahead
        // (readers and recovery scan them); the rest faults in huge pages ("hg") without reading
        // ahead ("rr").
        var head = areas.Single(a => a.FileOffset == 0);
        Assert.DoesNotContain("rr", head.Flags);
        Assert.DoesNotContain("hg", head.Flags);
        var tail = areas.MaxBy(a => a.FileOffset)!; // areas is not empty
        Assert.True(tail.FileOffset > 0, "the advice should start past the records already in the chunk");
        Assert.Contains("rr", tail.Flags);
        Assert.Contains("hg", tail.Flags);
    }

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

    [Fact]
    public void AnIdlePriorityThread_GoesBackToNormalScheduling_WhereTheProcessMayRaiseIt()
    {
        var threadId = 0;
        using var lowered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            Posix.RunCurrentThreadWhenIdle();
            threadId = Posix.CurrentThreadId();
            lowered.Set();
            release.Wait();
        });
        thread.Start();
        try
        {
            Assert.True(lowered.Wait(TimeSpan.FromSeconds(30)));
            Assert.Equal(SchedIdle, Policy(threadId));
            // A closing writer does this for its pretouch and janitor threads, which it then waits for.
            var raised = Posix.TryRunNormally(threadId);
            Assert.Equal(MayLeaveIdlePriority(), raised);
            Assert.Equal(raised ? SchedOther : SchedIdle, Policy(threadId));
        }
        finally
        {
            release.Set();
            thread.Join();
        }
    }

    [Fact]
    public void HugePageWarmer_WarmsBeforePagesNotYetCached_AndKeepsNoMemory()
    {
        var directory = _temp.Combine("dev", "warm");
        Directory.CreateDirectory(directory);
        using var chunk = MappedChunk.CreateUnnamed(directory, 8 * 1024 * 1024);
        using var warmer = new HugePageWarmer();
        Assert.NotEqual(0, warmer.Address);
        const long offset = 4 * 1024 * 1024; // well past the header: nothing has touched it

        Assert.True(warmer.WarmFor(chunk, offset), "a page not yet in the page cache should be warmed for");
        chunk.Slice(offset, 8)[0] = 0; // the write fault the warming was for
        Assert.False(warmer.WarmFor(chunk, offset), "a cached page needs no warming");
        // The huge page went back to the kernel as soon as it was touched.
        Assert.Equal(0, ResidentKib(warmer.Address));
    }

    private static void Append(IJournalWriter writer, int count)
    {
        var payload = new byte[24];
        for (var i = 0; i < count; i++) writer.Append(EventKind.Trade, 1, T0 + i, T0 + i, payload);
        writer.Commit();
    }

    /// <summary>One area of /proc/self/smaps: address range, permissions, file offset and path, its Rss and VmFlags.</summary>
    private sealed record SmapsArea(long Start, long End, string Permissions, long FileOffset, string Path)
    {
        public long RssKib { get; set; }

        public string[] Flags { get; set; } = [];
    }

    private static List<SmapsArea> Smaps()
    {
        var areas = new List<SmapsArea>();
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            // "start-end perms offset dev inode [path]" opens each area; "Key: value" lines follow.
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            var range = fields[0].Split('-');
            if (fields.Length >= 5 && range.Length == 2 && !fields[0].EndsWith(':'))
            {
                areas.Add(new SmapsArea(Hex(range[0]), Hex(range[1]), fields[1], Hex(fields[2]), fields.Length == 6 ? fields[5].Trim() : ""));
            }
            else if (line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                areas[^1].RssKib = long.Parse(line["Rss:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                areas[^1].Flags = line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }
        return areas;

        static long Hex(string text) => long.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    /// <summary>This process's shared read-write mappings of <paramref name="path"/>.</summary>
    private static List<SmapsArea> WritableMappingsOf(string path) => Smaps().Where(a => a.Path == path && a.Permissions == "rw-s").ToList();

    /// <summary>Rss of the area that contains <paramref name="address"/>.</summary>
    private static long ResidentKib(nint address) =>
        (Smaps().FirstOrDefault(a => a.Start <= address && address < a.End) ?? throw new InvalidOperationException($"no mapping contains 0x{address:x}")).RssKib;

    /// <summary>Linux lets a thread leave SCHED_IDLE with CAP_SYS_NICE (root has it) or an RLIMIT_NICE of 20.</summary>
    private static bool MayLeaveIdlePriority()
    {
        var capabilities = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("CapEff:", StringComparison.Ordinal))["CapEff:".Length..].Trim();
        if ((ulong.Parse(capabilities, NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << CapSysNice)) != 0) return true;
        // "Max nice priority   <soft>   <hard>"
        var limit = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith("Max nice priority", StringComparison.Ordinal))["Max nice priority".Length..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return limit == "unlimited" || int.Parse(limit, CultureInfo.InvariantCulture) >= 20;
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
