using Signals.Runtime.Evaluation;
using Signals.Runtime.Replay.Internal;

namespace Signals.Runtime.Replay;

/// <summary>
/// Replays feed journals through a <see cref="SignalEvaluator"/> (or any <see cref="ISignalHost"/>,
/// such as the worker-process host) on the calling thread: a k-way
/// merge by (receive time, feed name ordinal, sequence), so the same journals and the same signal
/// versions give the same fires in the same order, byte for byte.
/// </summary>
/// <param name="evaluator">The evaluator or host to drive; the replay is its thread while it runs.</param>
/// <param name="time">The wall clock for pacing and timing; the system clock when null.</param>
public sealed class ReplayEngine(ISignalHost evaluator, TimeProvider? time = null)
{
    private const int CancellationCheckMask = 1023;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Replays <paramref name="sources"/> to the end (or the end of the range) or until cancelled.</summary>
    /// <param name="sources">The journals, each with a distinct feed name.</param>
    /// <param name="options">Range, filter, pacing and progress; defaults when null.</param>
    /// <param name="cancellationToken">Stops the replay between events.</param>
    /// <returns>Counts and timing.</returns>
    /// <exception cref="ArgumentException">Two sources share a feed name.</exception>
    public ReplayResult Run(IReadOnlyList<ReplaySource> sources, ReplayOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        options ??= new ReplayOptions();
        options.Validate();
        var names = sources.Select(s => s.FeedName).ToArray();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length) throw new ArgumentException("each source needs its own feed name", nameof(sources));
        var ranks = names.Order(StringComparer.Ordinal).ToList();

        var cursors = new List<MergeCursor>(sources.Count);
        try
        {
            foreach (var source in sources)
            {
                var reader = source.Journal.OpenReader();
                if (options.From is { } from) reader.SeekToTime(from);
                var feed = evaluator.RegisterFeed(source.FeedName, source.Journal.Symbols);
                cursors.Add(new MergeCursor(reader, feed, ranks.IndexOf(source.FeedName), source.Journal.Symbols, options.Symbols, options.To ?? long.MaxValue));
            }
            return Merge(cursors, options, cancellationToken);
        }
        finally
        {
            foreach (var cursor in cursors) cursor.Dispose();
        }
    }

    private ReplayResult Merge(List<MergeCursor> cursors, ReplayOptions options, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var firesBefore = evaluator.FiresEmitted;
        long events = 0, filtered = 0, firstTs = long.MinValue;
        var cancelled = false;
        var progressEvery = options.ProgressEvery;

        if (cursors.Count == 1 && options.Speed is null)
        {
            // One journal is already in order: read records in place, no merge and no copy.
            var only = cursors[0];
            while (only.TryReadInPlace(out var record, ref filtered))
            {
                if ((events & CancellationCheckMask) == 0 && cancellationToken.IsCancellationRequested)
                {
                    cancelled = true;
                    break;
                }
                evaluator.Process(new EventEnvelope(only.Feed, in record));
                events++;
                if (events % progressEvery == 0) options.Progress?.Invoke(new ReplayProgress(events, evaluator.FiresEmitted - firesBefore, record.TsRecv, _time.GetElapsedTime(started)));
            }
            evaluator.Flush();
            return new ReplayResult(events, filtered, evaluator.FiresEmitted - firesBefore, _time.GetElapsedTime(started), cancelled);
        }

        // A binary min-heap of cursors on their next record; a cursor at its end leaves the heap.
        var heap = new MergeCursor[cursors.Count];
        var count = 0;
        foreach (var cursor in cursors)
        {
            if (cursor.Advance(ref filtered)) Push(heap, ref count, cursor);
        }
        while (count > 0)
        {
            var top = heap[0];
            if ((events & CancellationCheckMask) == 0 && cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }
            if (options.Speed is { } speed)
            {
                if (firstTs == long.MinValue) firstTs = top.TsRecv;
                if (!Pace(started, (top.TsRecv - firstTs) / speed, cancellationToken))
                {
                    cancelled = true;
                    break;
                }
            }
            evaluator.Process(top.Envelope);
            events++;
            if (events % progressEvery == 0) options.Progress?.Invoke(new ReplayProgress(events, evaluator.FiresEmitted - firesBefore, top.TsRecv, _time.GetElapsedTime(started)));
            if (top.Advance(ref filtered)) SiftDown(heap, count, 0);
            else
            {
                heap[0] = heap[--count];
                SiftDown(heap, count, 0);
            }
        }
        // A host that batches (the worker) has fires still to come for the last events.
        evaluator.Flush();
        return new ReplayResult(events, filtered, evaluator.FiresEmitted - firesBefore, _time.GetElapsedTime(started), cancelled);
    }

    /// <summary>Waits until <paramref name="offsetNanos"/> of wall time has passed since the start; false when cancelled.</summary>
    private bool Pace(long started, double offsetNanos, CancellationToken cancellationToken)
    {
        while (true)
        {
            var ahead = TimeSpan.FromTicks((long)(offsetNanos / 100)) - _time.GetElapsedTime(started);
            if (ahead <= TimeSpan.Zero) return true;
            if (ahead > TimeSpan.FromMilliseconds(2))
            {
                if (cancellationToken.WaitHandle.WaitOne(ahead - TimeSpan.FromMilliseconds(1))) return false;
            }
            else
            {
                if (cancellationToken.IsCancellationRequested) return false;
                Thread.Yield();
            }
        }
    }

    private static void Push(MergeCursor[] heap, ref int count, MergeCursor cursor)
    {
        var i = count++;
        heap[i] = cursor;
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!heap[i].Before(heap[parent])) break;
            (heap[i], heap[parent]) = (heap[parent], heap[i]);
            i = parent;
        }
    }

    private static void SiftDown(MergeCursor[] heap, int count, int i)
    {
        while (true)
        {
            var left = (2 * i) + 1;
            if (left >= count) return;
            var child = left + 1 < count && heap[left + 1].Before(heap[left]) ? left + 1 : left;
            if (!heap[child].Before(heap[i])) return;
            (heap[i], heap[child]) = (heap[child], heap[i]);
            i = child;
        }
    }
}
