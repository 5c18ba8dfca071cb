using Signals.Library;

namespace Market.Core.Pipeline;

/// <summary>The venue's driver: paces messages to the rate, stamps receive times, commits per batch.</summary>
public sealed partial class EmbeddedPipeline
{
    // Events between commits when running flat out: big enough to amortise, small enough for readers to see progress.
    private const long MaxBatch = 16_384;

    private async Task PumpAsync(CancellationTokenSource linked)
    {
        var venue = _venue!;
        var writer = _writer!;
        var sink = _sink!;
        var token = linked.Token;
        var started = _time.GetTimestamp();
        long produced = 0;
        try
        {
            while (!token.IsCancellationRequested && (_options.MaxEvents is not { } max || produced < max))
            {
                var due = _options.Rate == 0 ? produced + MaxBatch : (long)(_time.GetElapsedTime(started).TotalSeconds * _options.Rate);
                due = Math.Min(due, produced + MaxBatch);
                if (_options.MaxEvents is { } limit) due = Math.Min(due, limit);
                if (due <= produced)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(1), _time, token).ConfigureAwait(false);
                    continue;
                }
                var tsRecv = UnixNanos.FromDateTimeOffset(_time.GetUtcNow());
                while (produced < due && !token.IsCancellationRequested)
                {
                    var events = venue.Next(tsRecv);
                    if (events == 0 && venue.IsStale)
                    {
                        produced = due; // quiet on purpose: no burst of catch-up when the period ends
                        break;
                    }
                    produced += events;
                    foreach (var id in sink.ResyncWanted) produced += venue.Resync(id, tsRecv) ? 1 : 0;
                    sink.ResyncWanted.Clear();
                }
                writer.Commit();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping: commit below.
        }
        finally
        {
            writer.Commit();
            linked.Dispose();
        }
    }
}
