using Market.Core.Journal;
using Signals.Runtime.Deployment;
using Signals.Runtime.Worker;

namespace Signals.Runtime.Live;

/// <summary>What <see cref="Hosting.SignalRuntimeHost"/> needs of whatever feeds the evaluator live: the journals (<see cref="JournalTailDriver"/>) or the bus (<see cref="BusEventDriver"/>).</summary>
internal interface ILiveDriver : IIsolatedSignals, IAsyncDisposable
{
    /// <summary>Starts the loop; held drivers apply loads but read no feed until <see cref="ReleaseFeeds"/>.</summary>
    void Start(bool holdFeeds = false);

    /// <summary>Lets a held driver read the feeds.</summary>
    void ReleaseFeeds();

    /// <summary>The local journal of a feed, for warm-ups; null when there is none.</summary>
    IJournal? JournalOf(string feed);

    /// <summary>The worker host, once an isolated signal has started it.</summary>
    WorkerSignalHost? Worker { get; }
}
