using Market.Core.Journal;
using Signals.Library;

namespace Market.Core.Fanout.Internal;

/// <summary>
/// Subjects by (kind, instrument), built once: escaping and formatting per record would allocate
/// on the publish path. Names not yet in the symbol table are not cached, so the real symbol is
/// used as soon as it is interned.
/// </summary>
internal sealed class SubjectCache(string environment, string feed, ISymbolTable symbols)
{
    private readonly Dictionary<(EventKind Kind, uint Instrument), string> _subjects = [];

    public string Get(EventKind kind, uint instrumentId)
    {
        if (_subjects.TryGetValue((kind, instrumentId), out var subject)) return subject;
        var known = instrumentId == 0 || symbols.GetSymbol(instrumentId) is not null;
        subject = FanoutSubjects.For(environment, feed, kind, FanoutSubjects.SymbolOf(symbols, instrumentId));
        if (known) _subjects[(kind, instrumentId)] = subject;
        return subject;
    }
}
