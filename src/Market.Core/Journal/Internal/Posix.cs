using System.Runtime.InteropServices;

namespace Market.Core.Journal.Internal;

/// <summary>
/// The few libc calls the journal needs that .NET does not expose: <c>msync</c> on a range (the
/// view accessor's Flush syncs the whole view), <c>madvise</c>, <c>mmap</c> and <c>mincore</c>
/// (<see cref="HugePageWarmer"/>), and <c>sched_setscheduler</c> and <c>gettid</c> for its background threads.
/// </summary>
internal static unsafe partial class Posix
{
    internal const int MadvDontNeed = 4;  // MADV_DONTNEED on Linux
    internal const int MadvHugePage = 14; // MADV_HUGEPAGE on Linux
    private const int MsSync = 4;         // MS_SYNC on Linux
    private const int MadvRandom = 1;     // MADV_RANDOM on Linux
    private const int SchedIdle = 5;      // SCHED_IDLE on Linux
    private const int SchedOther = 0;     // SCHED_OTHER on Linux

    public static readonly int PageSize = Environment.SystemPageSize;

    [LibraryImport("libc", EntryPoint = "msync", SetLastError = true)]
    private static partial int MSync(nint address, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "madvise")]
    internal static partial int MAdvise(nint address, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "mmap")]
    internal static partial nint MMap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    internal static partial int MUnmap(nint address, nuint length);

    [LibraryImport("libc", EntryPoint = "mincore")]
    internal static partial int MinCore(nint address, nuint length, byte* vector);

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SchedSetScheduler(int pid, int policy, in int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    /// <summary>Synchronously flushes the pages covering [offset, offset + length) of a mapping to disk.</summary>
    public static void SyncRange(byte* mappingStart, long offset, long length)
    {
        if (length <= 0) return;
        var pageStart = offset & ~(long)(PageSize - 1);
        var end = offset + length;
        if (OperatingSystem.IsWindows()) return; // not a target; the view flush would be used there
        if (MSync((nint)(mappingStart + pageStart), (nuint)(end - pageStart), MsSync) != 0)
        {
            throw new IOException($"msync failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    /// <summary>
    /// Best effort: a page fault in [offset, offset + length) of a file mapping brings in one
    /// huge (2 MiB) page-cache folio where the kernel can make one, and reads nothing ahead of it.
    /// </summary>
    public static void FaultInHugePagesOnly(byte* mappingStart, long offset, long length)
    {
        if (!OperatingSystem.IsLinux() || length <= 0) return;
        var pageStart = offset & ~(long)(PageSize - 1);
        var start = (nint)(mappingStart + pageStart);
        var size = (nuint)(offset + length - pageStart);
        _ = MAdvise(start, size, MadvHugePage);
        _ = MAdvise(start, size, MadvRandom);
    }

    /// <summary>
    /// Best effort: the calling thread runs only on CPU time nothing else wants (Linux's
    /// <c>SCHED_IDLE</c>), and any other thread that wakes takes the CPU from it at once. Lowering a
    /// thread's own policy needs no privilege. Elsewhere the thread keeps normal priority.
    /// </summary>
    public static void RunCurrentThreadWhenIdle()
    {
        if (!OperatingSystem.IsLinux()) return;
        // pid 0 is the calling thread; SCHED_IDLE takes priority 0.
        _ = SchedSetScheduler(0, SchedIdle, 0);
    }

    /// <summary>The calling thread's kernel id (Linux), or 0 elsewhere.</summary>
    public static int CurrentThreadId() => OperatingSystem.IsLinux() ? GetTid() : 0;

    /// <summary>
    /// Best effort: puts thread <paramref name="threadId"/> of this process back on normal
    /// scheduling. Leaving <c>SCHED_IDLE</c> takes CAP_SYS_NICE (root) or an RLIMIT_NICE of 20;
    /// returns whether it happened.
    /// </summary>
    public static bool TryRunNormally(int threadId) => threadId > 0 && SchedSetScheduler(threadId, SchedOther, 0) == 0;
}
