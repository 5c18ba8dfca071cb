using System.Buffers.Binary;
using System.Diagnostics;
using Market.Core.Bus;
using Market.Core.Fanout;
using Market.Core.Pipeline;

namespace Deepwater.Cli.Bench;

/// <summary>What <c>deepwater bench pipeline</c> measures, in one run on this machine.</summary>
internal sealed record PipelineBenchOptions(string DataDirectory, long Events, int Subscribers, int SampleEvery = 64);

/// <summary>
/// The end-to-end benchmark: an <see cref="EmbeddedPipeline"/> flat out (sim venue → journal →
/// publisher → in-process bus) with K subscribers on <c>dev.sim.&gt;</c> under
/// <see cref="OverflowPolicy.Block"/>, timed from <see cref="EmbeddedPipeline.Start"/> until every
/// subscriber has received every record the journal holds.
/// </summary>
internal static class PipelineBench
{
    private const string Environment = "dev";
    private const string Feed = "sim";
    private const int SubscriberCapacity = 10_000;
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);

    public static IReadOnlyList<KeyValuePair<string, double>> Run(PipelineBenchOptions options, TextWriter progress)
    {
        var root = Path.Combine(Path.GetFullPath(options.DataDirectory), "bench", $"pipeline-{System.Environment.ProcessId}");
        var figures = new List<KeyValuePair<string, double>>();
        void Add(string name, double value) => figures.Add(new(name, Math.Round(value, 3)));
        try
        {
            // One short run first, so the figures are of optimised (tier-1) code, not of the JIT.
            var warmEvents = Math.Min(options.Events, 500_000);
            progress.WriteLine($"warm-up: {warmEvents:N0} events");
            RunOnce(Path.Combine(root, "warm-up"), options with { Events = warmEvents }, progress: TextWriter.Null);

            progress.WriteLine($"pipeline: {options.Events:N0} events flat out, {options.Subscribers} subscriber(s) on {Environment}.{Feed}.>");
            var run = RunOnce(Path.Combine(root, "run"), options, progress);
            Add("events", options.Events);
            Add("subscribers", options.Subscribers);
            Add("journal_records", run.Records);
            Add("received_min", run.ReceivedMin);
            Add("received_max", run.ReceivedMax);
            Add("all_received", run.ReceivedMin == run.Records && run.ReceivedMax == run.Records ? 1 : 0);
            Add("out_of_order", run.OutOfOrder);
            Add("dropped", run.Dropped);
            Add("wall_s", run.WallSeconds);
            Add("end_to_end_events_per_s", run.Records / run.WallSeconds);
            Add("journal_append_events_per_s", run.Records / run.VenueSeconds);
            Add("venue_s", run.VenueSeconds);
            Add("publish_lag_ms", run.PublishLagSeconds * 1e3);
            Add("latency_samples", run.Latency.Count);
            Add("latency_p50_us", run.Latency.PercentileNanos(0.50) / 1e3);
            Add("latency_p99_us", run.Latency.PercentileNanos(0.99) / 1e3);
            Add("gc_gen0", run.Gen0);
            Add("gc_gen2", run.Gen2);
            Add("allocated_mb", run.AllocatedBytes / 1e6);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
        return figures;
    }

    private sealed record RunResult(
        long Records, long ReceivedMin, long ReceivedMax, long OutOfOrder, long Dropped,
        double WallSeconds, double VenueSeconds, double PublishLagSeconds, LatencyHistogram Latency,
        int Gen0, int Gen2, long AllocatedBytes);

    private static RunResult RunOnce(string data, PipelineBenchOptions options, TextWriter progress)
    {
        var pipelineOptions = new EmbeddedPipelineOptions(data, Environment, Feed, Rate: 0, MaxEvents: options.Events);
        var pipeline = new EmbeddedPipeline(pipelineOptions);
        var subscribers = new SubscriberLoop[options.Subscribers];
        var tasks = new Task[subscribers.Length];
        try
        {
            for (var i = 0; i < subscribers.Length; i++)
            {
                var subscription = pipeline.Bus.Subscribe($"{Environment}.{Feed}.>", new SubscriptionOptions(SubscriberCapacity, OverflowPolicy.Block));
                subscribers[i] = new SubscriberLoop(subscription, options.SampleEvery, options.Events / options.SampleEvery + 16);
                var loop = subscribers[i];
                tasks[i] = Task.Run(loop.RunAsync);
            }

            var gen0 = GC.CollectionCount(0);
            var gen2 = GC.CollectionCount(2);
            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            var started = Stopwatch.GetTimestamp();
            long venueDone = 0;
            pipeline.Start();
            var completion = pipeline.Completion.ContinueWith(
                _ => Volatile.Write(ref venueDone, Stopwatch.GetTimestamp()), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            pipeline.Completion.GetAwaiter().GetResult(); // rethrows a recording failure
            completion.GetAwaiter().GetResult();

            // The venue is done and the journal committed: this is everything a subscriber must see.
            var records = pipeline.Journal!.LastSequence;
            var lastProgress = Stopwatch.GetTimestamp();
            long lastSeen = -1;
            while (true)
            {
                var received = subscribers.Min(s => s.Received);
                if (received >= records) break;
                var faulted = tasks.FirstOrDefault(t => t.IsCompleted);
                if (faulted is not null)
                {
                    faulted.GetAwaiter().GetResult();
                    throw new InvalidOperationException($"a subscriber ended after {received:N0} of {records:N0} records");
                }
                if (received != lastSeen) (lastSeen, lastProgress) = (received, Stopwatch.GetTimestamp());
                else if (Stopwatch.GetElapsedTime(lastProgress) > Stall) break; // reported as not all received
                Thread.Sleep(1);
            }
            var finished = subscribers.Max(s => s.LastReceipt);
            var gcGen0 = GC.CollectionCount(0) - gen0;
            var gcGen2 = GC.CollectionCount(2) - gen2;
            var allocatedBytes = GC.GetTotalAllocatedBytes(precise: false) - allocated;
            var wall = Stopwatch.GetElapsedTime(started, Math.Max(finished, venueDone)).TotalSeconds;
            var venue = Stopwatch.GetElapsedTime(started, venueDone).TotalSeconds;
            var lag = Stopwatch.GetElapsedTime(venueDone, Math.Max(finished, venueDone)).TotalSeconds;

            var latency = new LatencyHistogram(subscribers.Sum(s => s.SampleCount));
            foreach (var subscriber in subscribers) subscriber.CopySamplesTo(latency);
            var result = new RunResult(
                records, subscribers.Min(s => s.Received), subscribers.Max(s => s.Received), subscribers.Sum(s => s.OutOfOrder),
                subscribers.Sum(s => s.Subscription.Dropped), wall, venue, lag, latency, gcGen0, gcGen2, allocatedBytes);
            progress.WriteLine($"received {result.ReceivedMin:N0} of {records:N0} journal records per subscriber in {wall:N3} s");
            return result;
        }
        finally
        {
            pipeline.StopAsync().GetAwaiter().GetResult();
            foreach (var subscriber in subscribers) subscriber?.Subscription.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Task.WaitAll(tasks.Where(t => t is not null).ToArray(), TimeSpan.FromSeconds(10));
            pipeline.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// One subscriber: drains its queue, checks sequences run 1, 2, 3…, notes when it last received
    /// and, every <c>sampleEvery</c>th message, the wall-clock time since the record's TsRecv.
    /// </summary>
    private sealed class SubscriberLoop(IBusSubscription subscription, int sampleEvery, long capacity)
    {
        private const int SequenceOffset = 8;
        private const int TsRecvOffset = 24;
        private readonly long[] _samples = new long[Math.Min(capacity, 4_000_000)];
        private int _sampleCount;
        private long _received;
        private long _lastReceipt;
        private long _outOfOrder;

        public IBusSubscription Subscription { get; } = subscription;
        public long Received => Volatile.Read(ref _received);
        public long LastReceipt => Volatile.Read(ref _lastReceipt);
        public long OutOfOrder => _outOfOrder;
        public int SampleCount => _sampleCount;

        public async Task RunAsync()
        {
            var reader = Subscription.Messages;
            long received = 0, expected = 1;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var message))
                {
                    var payload = message.Payload.Span;
                    var sequence = BinaryPrimitives.ReadInt64LittleEndian(payload[SequenceOffset..]);
                    if (sequence != expected) _outOfOrder++;
                    expected = sequence + 1;
                    if (++received % sampleEvery == 0 && _sampleCount < _samples.Length)
                    {
                        var nowNanos = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
                        var nanos = nowNanos - BinaryPrimitives.ReadInt64LittleEndian(payload[TsRecvOffset..]);
                        _samples[_sampleCount++] = (long)(Math.Max(0, nanos) * (Stopwatch.Frequency / 1e9));
                    }
                }
                Volatile.Write(ref _lastReceipt, Stopwatch.GetTimestamp());
                Volatile.Write(ref _received, received);
            }
        }

        public void CopySamplesTo(LatencyHistogram histogram)
        {
            for (var i = 0; i < _sampleCount; i++) histogram.Add(_samples[i]);
        }
    }
}
