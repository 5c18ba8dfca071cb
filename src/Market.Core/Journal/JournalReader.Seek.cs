using Market.Core.Journal.Internal;
using static Market.Core.Journal.Internal.JournalFormat;

namespace Market.Core.Journal;

public sealed unsafe partial class JournalReader
{
    /// <inheritdoc />
    public bool SeekToSequence(long sequence)
    {
        // Inside a sealed chunk we already know of: go straight there.
        if (ChunkCatalog.FindBySequence(_chunks, sequence) is { } known && sequence >= _chunks[0].FirstSequence
            && known.GetSeal() is { } seal && sequence <= seal.LastSequence)
        {
            JumpTo(sequence);
            if (_chunk is not null) return true;
        }
        _chunks = _catalog.Refresh();
        var first = _chunks.Length == 0 ? 1 : _chunks[0].FirstSequence;
        SeekToEnd();
        var end = _nextSequence;
        var target = Math.Clamp(sequence, first, end);
        if (target != end) JumpTo(target);
        return target == sequence && sequence < end;
    }

    /// <inheritdoc />
    public void SeekToTime(long tsRecv)
    {
        var refreshed = false;
        ChunkInfo? info;
        while (true)
        {
            info = _chunks.Length == 0 ? null : ChunkCatalog.FindByTime(_chunks, tsRecv);
            // No candidate, or a sealed last one: newer chunks may exist that this reader has not listed.
            var maybeNewer = info is null || (info == _chunks[^1] && info.GetSeal() is not null);
            if (maybeNewer && !refreshed)
            {
                _chunks = _catalog.Refresh();
                refreshed = true;
                continue;
            }
            if (info is null)
            {
                SeekToEnd();
                return;
            }
            if (TryMap(info)) break;
            _chunks = _catalog.Refresh(); // removed by retention between listing and opening: look again
        }
        var (position, sequence) = ((long)ChunkHeaderSize, info.FirstSequence);
        var index = _catalog.GetIndex(info, _chunk!);
        var at = index.LastBefore(tsRecv);
        if (at >= 0) (position, sequence) = (index[at].Offset, index[at].Sequence);
        // Walk to the first record at or after the time; stop at the end of what is published.
        while (RecordCheck.At(_chunk!.Base, _chunk.Size, position, sequence, verifyChecksum: false, out var length) == RecordStatus.Ok
            && *(long*)(_chunk.Base + position + TsRecvOffset) < tsRecv)
        {
            position += Align(length);
            sequence++;
        }
        _position = position;
        _nextSequence = sequence;
    }

    /// <inheritdoc />
    public void SeekToEnd()
    {
        _chunks = _catalog.Refresh();
        if (_chunks.Length == 0)
        {
            CloseChunk(release: false);
            _nextSequence = 1;
            return;
        }
        var last = _chunks[^1];
        if (last.GetSeal() is { } seal)
        {
            CloseChunk(release: false);
            _nextSequence = seal.LastSequence + 1;
            return;
        }
        if (!TryMap(last))
        {
            SeekToEnd();
            return;
        }
        var end = ChunkEnd.Find(_chunk!);
        _position = end.DataEnd;
        _nextSequence = end.NextSequence;
    }

    private void JumpTo(long sequence)
    {
        CloseChunk(release: false);
        _nextSequence = sequence;
        TryOpenChunkFor(sequence);
    }

    /// <summary>The offset of <paramref name="sequence"/> in the mapped chunk, via the index when sealed.</summary>
    private long PositionOf(long sequence)
    {
        var (position, current) = ((long)ChunkHeaderSize, _info!.FirstSequence);
        if (sequence == current) return position; // entering a chunk at its start, as sequential reads do
        var index = _catalog.GetIndex(_info, _chunk!);
        var at = index.FloorBySequence(sequence);
        if (at >= 0) (position, current) = (index[at].Offset, index[at].Sequence);
        return ScanForward(position, current, sequence, out _);
    }

    /// <summary>Steps over whole records from (position, sequence) until <paramref name="stopAt"/> or the end of what is published.</summary>
    private long ScanForward(long position, long sequence, long stopAt, out long reached)
    {
        while (sequence < stopAt
            && RecordCheck.At(_chunk!.Base, _chunk.Size, position, sequence, verifyChecksum: false, out var length) == RecordStatus.Ok)
        {
            position += Align(length);
            sequence++;
        }
        reached = sequence;
        return position;
    }

    /// <inheritdoc />
    public bool WaitForData(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var signal = _journal.Shared.Signal;
        while (true)
        {
            var seen = signal.Version;
            if (TryLocateNext(out _)) return true;
            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0) return false;
            // An in-process writer wakes us directly; one in another process cannot, so we look
            // again after at most a millisecond.
            var wait = _journal.Shared.WriterOpen ? remaining : Math.Min(remaining, 1);
            signal.Wait(seen, TimeSpan.FromMilliseconds(Math.Min(wait, int.MaxValue)), cancellationToken);
        }
    }

    /// <inheritdoc />
    public ValueTask WaitForDataAsync(CancellationToken cancellationToken = default) =>
        TailSignal.WaitUntilAsync(_journal.Shared, () => TryLocateNext(out _), cancellationToken);
}
