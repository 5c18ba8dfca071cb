using Market.Core.Journal;
using Signals.Library;

namespace Signals.Runtime.Tests.Support;

/// <summary>Writes readable test events into an in-memory journal: times in milliseconds, prices in whole units.</summary>
internal sealed class FeedWriter : IDisposable
{
    public const long Ms = 1_000_000;
    public static readonly long Start = 1_700_000_000L * 1_000_000_000; // a whole minute, so minute windows are easy to reason about

    private readonly IJournalWriter _writer;

    public FeedWriter(string feed = "coinbase")
    {
        Journal = new InMemoryJournal(feed);
        _writer = Journal.OpenWriter();
    }

    public InMemoryJournal Journal { get; }

    public static long At(double ms) => Start + (long)(ms * Ms);

    public long Trade(string symbol, double ms, long price = 100, long size = 1) =>
        _writer.Append(new Trade(_writer.Intern(symbol), At(ms), At(ms), price * FixedPoint.Scale, size * FixedPoint.Scale, Side.Buy, 0));

    public long Delta(string symbol, double ms, BookSide side, long price, long size, bool endOfBatch = true) =>
        _writer.Append(new BookDelta(_writer.Intern(symbol), At(ms), At(ms), side, size == 0 ? BookAction.Delete : BookAction.Set,
            price * FixedPoint.Scale, size * FixedPoint.Scale, 0), endOfBatch ? RecordFlags.EndOfBatch : RecordFlags.None);

    public long Snapshot(string symbol, double ms, long bid, long ask) =>
        _writer.Append(new BookSnapshot(_writer.Intern(symbol), At(ms), At(ms), 0,
            new[] { new BookLevel(bid * FixedPoint.Scale, FixedPoint.Scale) },
            new[] { new BookLevel(ask * FixedPoint.Scale, FixedPoint.Scale) }), RecordFlags.EndOfBatch);

    public long Quote(string symbol, double ms, long bid = 99, long ask = 101) =>
        _writer.Append(new Quote(_writer.Intern(symbol), At(ms), At(ms), bid * FixedPoint.Scale, FixedPoint.Scale, ask * FixedPoint.Scale, FixedPoint.Scale, 0));

    public long Gap(string symbol, double ms) =>
        _writer.Append(new Gap(_writer.Intern(symbol), At(ms), At(ms), GapReason.Disconnect, 0, 0));

    public void Dispose()
    {
        _writer.Dispose();
        Journal.Dispose();
    }
}
