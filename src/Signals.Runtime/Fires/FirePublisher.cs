using System.Threading.Channels;
using Market.Core.Bus;
using Market.Core.Fanout;
using Market.Core.Journal;
using Signals.Library;

namespace Signals.Runtime.Fires;

/// <summary>
/// Publishes journaled fires on <c>{env}.signals.{name}</c>, off the evaluator's thread: the
/// evaluator hands each (sequence, fire) to a bounded queue and a background loop publishes the
/// record in the bus wire form (<see cref="RecordCodec"/>, the signal journal's sequence in it).
/// A full queue drops the oldest and counts it; the journal still holds every fire, so a consumer
/// catches up from there.
/// </summary>
public sealed class FirePublisher : IAsyncDisposable
{
    private readonly IBus _bus;
    private readonly string _environment;
    private readonly Channel<(long Sequence, SignalFire Fire)> _queue;
    private readonly Dictionary<string, string> _subjects = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private long _published;
    private long _dropped;

    /// <summary>Starts publishing for <paramref name="environment"/>.</summary>
    /// <param name="bus">The bus.</param>
    /// <param name="environment">The environment token.</param>
    /// <param name="capacity">Fires queued at most before the oldest is dropped.</param>
    public FirePublisher(IBus bus, string environment, int capacity = 4096)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentException.ThrowIfNullOrEmpty(environment);
        _ = SignalSubjects.For(environment, "probe"); // a bad environment fails here, not in the loop
        _bus = bus;
        _environment = environment;
        _queue = Channel.CreateBounded<(long, SignalFire)>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }, _ => Interlocked.Increment(ref _dropped));
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Fires published.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Fires dropped from a full queue (they remain in the journal).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues a journaled fire; never blocks.</summary>
    /// <param name="sequence">Its signal-journal sequence.</param>
    /// <param name="fire">The fire.</param>
    public void Enqueue(long sequence, SignalFire fire) => _queue.Writer.TryWrite((sequence, fire));

    /// <summary>Hooks this publisher to a journal: every appended fire is queued.</summary>
    /// <param name="journal">The signal journal.</param>
    public void Follow(SignalJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        journal.Appended += Enqueue;
    }

    /// <summary>Publishes what is queued, then stops.</summary>
    /// <returns>A task that completes when the loop has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        await foreach (var (sequence, fire) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var payload = new byte[fire.PayloadSize];
            EventCodec.WriteTo(fire, payload);
            var message = RecordCodec.Encode(new JournalRecord(sequence, EventKind.SignalFire, RecordFlags.None, fire.InstrumentId, fire.TsEvent, fire.TsRecv, payload));
            try
            {
                await _bus.PublishAsync(Subject(fire.Signal), message).ConfigureAwait(false);
                Interlocked.Increment(ref _published);
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or IOException)
            {
                // The bus went away (shutdown, or a NATS outage): the journal has the fire.
                Interlocked.Increment(ref _dropped);
            }
        }
    }

    private string Subject(string signal)
    {
        if (!_subjects.TryGetValue(signal, out var subject)) _subjects[signal] = subject = SignalSubjects.For(_environment, signal);
        return subject;
    }
}
