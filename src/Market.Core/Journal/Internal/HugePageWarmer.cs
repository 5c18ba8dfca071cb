namespace Market.Core.Journal.Internal;

/// <summary>
/// Has the host back a fresh 2 MiB block where the kernel can reschedule, before a chunk's write
/// fault needs one. On a VM whose balloon reports free memory back to the host (free page
/// reporting hands back whole 2 MiB blocks), the first touch of every 4 KiB page of such a block
/// faults on the host. A page-cache folio is zeroed in one kernel call that never yields, so one
/// chunk fault held its CPU for 2-3 ms (measured) and every thread queued there waited. An
/// anonymous huge page is zeroed a 4 KiB page at a time, yielding between pages: this touches one,
/// frees it to the per-CPU free list, and the chunk fault that follows on the same thread takes
/// that block, now backed (0.2-0.4 ms). Elsewhere it costs one extra zeroing of 2 MiB per folio.
/// Best effort and Linux only; one per thread.
/// </summary>
internal sealed unsafe class HugePageWarmer : IDisposable
{
    private const nuint HugePage = 2 * 1024 * 1024;
    private const int ProtReadWrite = 1 | 2;             // PROT_READ | PROT_WRITE
    private const int MapPrivateAnonymous = 0x02 | 0x20; // MAP_PRIVATE | MAP_ANONYMOUS

    private nint _mapping;
    private byte* _page;

    /// <summary>Reserves address space for one huge page (no memory until <see cref="WarmFor"/>).</summary>
    public HugePageWarmer()
    {
        if (!OperatingSystem.IsLinux()) return;
        // Twice the size, so a 2 MiB-aligned page fits inside.
        var mapping = Posix.MMap(0, 2 * HugePage, ProtReadWrite, MapPrivateAnonymous, -1, 0);
        if (mapping == -1) return;
        _mapping = mapping;
        _page = (byte*)((mapping + (nint)(HugePage - 1)) & ~(nint)(HugePage - 1));
        if (Posix.MAdvise((nint)_page, HugePage, Posix.MadvHugePage) != 0) Dispose();
    }

    /// <summary>The huge page's address (tests read its residency from /proc/self/smaps), or 0 when unavailable.</summary>
    internal nint Address => (nint)_page;

    /// <summary>
    /// Before the first write to the page at <paramref name="offset"/> of <paramref name="chunk"/>:
    /// if that page is not in the page cache yet, touches and frees one anonymous huge page.
    /// Returns whether it did.
    /// </summary>
    public bool WarmFor(MappedChunk chunk, long offset)
    {
        if (_page == null) return false;
        byte resident;
        var page = (nint)(chunk.Base + offset) & ~(nint)(Posix.PageSize - 1);
        if (Posix.MinCore(page, (nuint)Posix.PageSize, &resident) != 0 || (resident & 1) != 0) return false;
        Volatile.Write(ref *_page, 1); // a store the JIT cannot drop: it faults the huge page in
        _ = Posix.MAdvise((nint)_page, HugePage, Posix.MadvDontNeed);
        return true;
    }

    public void Dispose()
    {
        if (_mapping != 0) _ = Posix.MUnmap(_mapping, 2 * HugePage);
        _mapping = 0;
        _page = null;
    }
}
