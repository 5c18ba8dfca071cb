using System.Buffers.Binary;
using System.Text;

namespace Market.Core.Journal.Internal;

/// <summary>
/// A feed's symbol ↔ id table, persisted as an append-only log of checksummed entries
/// (<c>u32 length | u32 crc | u32 id | utf8</c>). A new symbol is written to the file before its
/// id is returned, so no journal record can name an id the file does not hold; a torn last entry
/// is dropped when the next writer opens.
/// </summary>
internal sealed class SymbolTable : ISymbolTable
{
    private const int EntryHeader = 12;
    private const int MaxSymbolBytes = 1024;

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly Dictionary<string, uint> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _symbols = [];
    private long _loadedBytes;
    private FileStream? _append;

    public SymbolTable(string path)
    {
        _path = path;
        lock (_gate) LoadNewEntries();
    }

    public bool TryGetId(string symbol, out uint id)
    {
        lock (_gate)
        {
            if (_ids.TryGetValue(symbol, out id)) return true;
            LoadNewEntries(); // another process's writer may have added it
            return _ids.TryGetValue(symbol, out id);
        }
    }

    public string? GetSymbol(uint id)
    {
        lock (_gate)
        {
            if (id == 0) return null;
            if (id > _symbols.Count) LoadNewEntries();
            return id <= _symbols.Count ? _symbols[(int)id - 1] : null;
        }
    }

    public IReadOnlyList<KeyValuePair<uint, string>> All()
    {
        lock (_gate)
        {
            LoadNewEntries();
            return [.. _symbols.Select((s, i) => new KeyValuePair<uint, string>((uint)(i + 1), s))];
        }
    }

    /// <summary>Called when a writer opens: drops a torn last entry and opens the file for appending.</summary>
    public void AttachWriter()
    {
        lock (_gate)
        {
            LoadNewEntries();
            _append = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);
            _append.SetLength(_loadedBytes);
            _append.Position = _loadedBytes;
        }
    }

    public void DetachWriter()
    {
        lock (_gate)
        {
            _append?.Dispose();
            _append = null;
        }
    }

    public uint GetOrAdd(string symbol, bool durable)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        lock (_gate)
        {
            if (_ids.TryGetValue(symbol, out var known)) return known;
            var stream = _append ?? throw new InvalidOperationException("symbols can only be added through the journal's writer");
            var utf8 = Encoding.UTF8.GetBytes(symbol);
            if (utf8.Length > MaxSymbolBytes) throw new ArgumentException($"symbol is {utf8.Length} bytes; at most {MaxSymbolBytes}", nameof(symbol));
            var id = (uint)_symbols.Count + 1;
            var entry = new byte[EntryHeader + utf8.Length];
            BinaryPrimitives.WriteInt32LittleEndian(entry, entry.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(8), id);
            utf8.CopyTo(entry, EntryHeader);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(4), Crc32C.Compute(entry.AsSpan(8)));
            stream.Write(entry);
            stream.Flush(flushToDisk: durable);
            _loadedBytes += entry.Length;
            Add(symbol, id);
            return id;
        }
    }

    private void LoadNewEntries()
    {
        if (!File.Exists(_path)) return;
        byte[] bytes;
        using (var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            if (file.Length <= _loadedBytes) return;
            file.Position = _loadedBytes;
            bytes = new byte[file.Length - _loadedBytes];
            file.ReadExactly(bytes);
        }
        var span = bytes.AsSpan();
        while (span.Length >= EntryHeader)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(span);
            if (length < EntryHeader || length > span.Length) break;
            var entry = span[..length];
            if (BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]) != Crc32C.Compute(entry[8..])) break;
            var id = BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);
            if (id != _symbols.Count + 1) break;
            Add(Encoding.UTF8.GetString(entry[EntryHeader..]), id);
            _loadedBytes += length;
            span = span[length..];
        }
    }

    private void Add(string symbol, uint id)
    {
        _symbols.Add(symbol);
        _ids[symbol] = id;
    }
}
