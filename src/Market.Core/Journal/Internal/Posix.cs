using System.Runtime.InteropServices;

namespace Market.Core.Journal.Internal;

/// <summary>
/// The few libc calls the journal needs that .NET does not expose: <c>msync</c> on a range (the
/// view accessor's Flush syncs the whole view) and <c>madvise</c>.
/// </summary>
internal static unsafe partial class Posix
{
    private const int MsSync = 4;     // MS_SYNC on Linux
    public const int MadvSequential = 2;
    public const int MadvDontNeed = 4;

    public static readonly int PageSize = Environment.SystemPageSize;

    [LibraryImport("libc", EntryPoint = "msync", SetLastError = true)]
    private static partial int MSync(nint address, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int MAdvise(nint address, nuint length, int advice);

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

    /// <summary>Best-effort advice to the kernel about how a range will be read.</summary>
    public static void Advise(byte* mappingStart, long offset, long length, int advice)
    {
        if (!OperatingSystem.IsLinux() || length <= 0) return;
        var pageStart = offset & ~(long)(PageSize - 1);
        _ = MAdvise((nint)(mappingStart + pageStart), (nuint)(offset + length - pageStart), advice);
    }
}
