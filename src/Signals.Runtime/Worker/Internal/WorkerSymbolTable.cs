using Market.Core.Journal;

namespace Signals.Runtime.Worker.Internal;

/// <summary>The worker's copy of a feed's symbols: what the host sent, as it first saw each instrument.</summary>
internal sealed class WorkerSymbolTable : ISymbolTable
{
    private readonly SortedDictionary<uint, string> _symbols = [];
    private readonly Dictionary<string, uint> _ids = new(StringComparer.Ordinal);

    public void Add(uint id, string symbol)
    {
        _symbols[id] = symbol;
        _ids[symbol] = id;
    }

    public bool TryGetId(string symbol, out uint id) => _ids.TryGetValue(symbol, out id);

    public string? GetSymbol(uint id) => _symbols.GetValueOrDefault(id);

    public IReadOnlyList<KeyValuePair<uint, string>> All() => [.. _symbols];
}
