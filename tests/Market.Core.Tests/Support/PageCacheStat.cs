using System.Runtime.InteropServices;

namespace Market.Core.Tests.Support;

/// <summary>A file's page-cache state from Linux's <c>cachestat(2)</c> (kernel 6.5 and later).</summary>
public static class PageCacheStat
{
    // The same number on every architecture: cachestat came after the syscall tables were unified.
    private const long SysCachestat = 451;

    /// <summary>How many of the file's cached pages are dirty (not yet written back).</summary>
    public static long DirtyPages(string path)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var range = new CachestatRange { Offset = 0, Length = 0 }; // length 0: to the end of the file
        var stat = new Cachestat();
        if (Syscall(SysCachestat, file.DangerousGetHandle(), ref range, ref stat, 0) != 0)
        {
            throw new InvalidOperationException($"cachestat({path}) failed: {Marshal.GetLastPInvokeErrorMessage()} (it needs Linux 6.5 or later)");
        }
        return (long)stat.Dirty;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CachestatRange
    {
        public ulong Offset;
        public ulong Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Cachestat
    {
        public ulong Cache;
        public ulong Dirty;
        public ulong Writeback;
        public ulong Evicted;
        public ulong RecentlyEvicted;
    }

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long Syscall(long number, nint fd, ref CachestatRange range, ref Cachestat stat, uint flags);
}
