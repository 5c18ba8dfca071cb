namespace Market.Core.Books;

/// <summary>How <see cref="BookHistory.BookAt(Journal.IJournal, uint, long, out BookReplayInfo, Signals.Library.Book.OrderBook?)"/> built its book.</summary>
/// <param name="SnapshotSequence">The journal sequence of the snapshot it started from, or 0 when it replayed from the journal's start.</param>
/// <param name="DeltasApplied">Book deltas of the instrument applied after that snapshot.</param>
/// <param name="RecordsScanned">Records read to find the snapshot and to replay, a measure of the work done.</param>
/// <param name="Undecodable">Book records of the instrument skipped because their payload did not decode.</param>
public readonly record struct BookReplayInfo(long SnapshotSequence, long DeltasApplied, long RecordsScanned, long Undecodable);
