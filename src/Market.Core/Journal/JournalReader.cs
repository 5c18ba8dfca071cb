using System.Runtime.CompilerServices;
using Market.Core.Journal.Internal;
using Signals.Library;
using static Market.Core.Journal.Internal.JournalFormat;

namespace Market.Core.Journal;

/// <summary>
/// Reads a memory-mapped journal in sequence order, one chunk mapped at a time (so reading a
/// journal larger than memory keeps memory bounded). Works the same whether the writer is in this
/// process, another one, or gone.
/// </summary>
public sealed unsafe partial class JournalReader : IJournalReader
{
    private readonly MmapJournal _journal;
    private readonly ChunkCatalog _catalog;
    private readonly bool _verify;
    private ChunkInfo[] _chunks;

    private MappedChunk? _chunk;
    private ChunkInfo? _info;
    private long _position;
    private long _nextSequence;
    private ChunkSeal? _seal;

    // Chunks left by a seek stay mapped for the next seek (random seeks revisit them); a chunk
    // read to its end is unmapped at once, so sequential reading holds one mapping.
    private const int MappingCacheSize = 4;
    private readonly List<MappedChunk> _mappings = [];

    internal JournalReader(MmapJournal journal)
    {
        _journal = journal;
        _catalog = journal.Catalog;
        _verify = journal.Options.VerifyChecksums;
        _chunks = _catalog.Refresh();
        _nextSequence = _chunks.Length == 0 ? 1 : _chunks[0].FirstSequence;
    }

    /// <inheritdoc />
    public long NextSequence => _nextSequence;

    /// <inheritdoc />
    /// <remarks>Compiled fully optimised from the first call: short-lived readers (a CLI read) never leave tier 0 otherwise.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryRead(out JournalRecord record)
    {
        if (!TryLocateNext(out var length))
        {
            record = default;
            return false;
        }
        var p = _chunk!.Base + _position;
        record = new JournalRecord(
            _nextSequence,
            (EventKind)p[KindOffset],
            (RecordFlags)p[FlagsOffset],
            *(uint*)(p + InstrumentOffset),
            *(long*)(p + TsEventOffset),
            *(long*)(p + TsRecvOffset),
            new ReadOnlySpan<byte>(p + RecordHeaderSize, length - RecordHeaderSize));
        _position += Align(length);
        _nextSequence++;
        return true;
    }

    /// <summary>
    /// Finds the record with <see cref="NextSequence"/>, crossing into the next chunk when the
    /// current one is sealed and exhausted. False at the live end (or at a torn tail left by a
    /// crashed writer, which its next writer clears).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryLocateNext(out int length)
    {
        while (true)
        {
            if (_chunk is null && !TryOpenChunkFor(_nextSequence))
            {
                length = 0;
                return false;
            }
            var status = RecordCheck.At(_chunk!.Base, _chunk.Size, _position, _nextSequence, _verify, out length);
            if (status == RecordStatus.Ok) return true;
            if (_seal is null && _chunk.TryReadSeal(out var seal))
            {
                _seal = seal;
                _info!.MarkSealed(seal);
            }
            if (_seal is not { } sealNow) return false; // live tail: nothing (whole) published yet
            if (_position < sealNow.DataEnd)
            {
                throw new JournalCorruptException(_chunk.Path, _position, _nextSequence, RecordCheck.Describe(status, length));
            }
            CloseChunk(release: true); // exhausted: the next record lives in the next chunk
        }
    }

    /// <summary>Maps the chunk holding <paramref name="sequence"/> and positions at that record.</summary>
    private bool TryOpenChunkFor(long sequence)
    {
        var info = ChunkCatalog.FindBySequence(_chunks, sequence);
        if (info?.GetSeal() is { } done && sequence > done.LastSequence)
        {
            // Following the journal: the next chunk is named after the sequence we want.
            info = sequence == done.LastSequence + 1 ? _catalog.FindSuccessor(done) : null;
            if (info is null && sequence == done.LastSequence + 1) return false; // not created yet
            if (info is not null) _chunks = _catalog.Snapshot();
        }
        if (info is null)
        {
            _chunks = _catalog.Refresh();
            info = ChunkCatalog.FindBySequence(_chunks, sequence);
            if (info is null)
            {
                if (_chunks.Length == 0 || sequence >= _chunks[0].FirstSequence) return false;
                sequence = _nextSequence = _chunks[0].FirstSequence; // retention dropped what we wanted
                info = _chunks[0];
            }
            if (info.GetSeal() is { } sealNow && sequence > sealNow.LastSequence) return false;
        }
        if (!TryMap(info)) return false;
        _position = PositionOf(sequence);
        return true;
    }

    private bool TryMap(ChunkInfo info)
    {
        CloseChunk(release: false);
        var cached = _mappings.FindIndex(m => m.Path == info.Path);
        if (cached >= 0)
        {
            _chunk = _mappings[cached];
            _mappings.RemoveAt(cached);
        }
        else
        {
            try
            {
                _chunk = MappedChunk.Open(info.Path, writable: false);
            }
            catch (FileNotFoundException)
            {
                _chunks = _catalog.Refresh(); // removed by retention meanwhile
                return false;
            }
        }
        _info = info;
        _seal = _chunk.TryReadSeal(out var seal) ? seal : null;
        if (_seal is not null) info.MarkSealed(_seal);
        return true;
    }

    /// <summary>Leaves the current chunk: unmapped if <paramref name="release"/>, else kept for a later seek.</summary>
    private void CloseChunk(bool release)
    {
        if (_chunk is not null)
        {
            if (release)
            {
                _chunk.Dispose();
            }
            else
            {
                _mappings.Add(_chunk);
                if (_mappings.Count > MappingCacheSize)
                {
                    _mappings[0].Dispose();
                    _mappings.RemoveAt(0);
                }
            }
        }
        _chunk = null;
        _info = null;
        _seal = null;
    }

    /// <summary>Releases every mapped chunk.</summary>
    public void Dispose()
    {
        CloseChunk(release: true);
        foreach (var mapping in _mappings) mapping.Dispose();
        _mappings.Clear();
    }
}
