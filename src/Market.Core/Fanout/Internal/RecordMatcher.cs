using Market.Core.Journal;
using Signals.Library;

namespace Market.Core.Fanout.Internal;

/// <summary>Applies a <see cref="ReplayFilter"/> to journal records, the way the subject pattern applies it on the bus.</summary>
internal sealed class RecordMatcher(ReplayFilter filter, ISymbolTable symbols)
{
    private uint? _instrument;

    public bool Matches(EventKind kind, uint instrumentId)
    {
        if (filter.Kind is { } wanted && wanted != kind) return false;
        if (filter.Symbol is null) return true;
        // The id is looked up lazily: the symbol may be interned after the subscription starts.
        _instrument ??= ResolveInstrument(filter.Symbol);
        if (_instrument is { } id) return id == instrumentId;
        return FanoutSubjects.SymbolOf(symbols, instrumentId) == filter.Symbol;
    }

    private uint? ResolveInstrument(string symbol)
    {
        if (symbol == FanoutSubjects.FeedWideSymbol) return 0;
        return symbols.TryGetId(symbol, out var id) ? id : null;
    }
}
