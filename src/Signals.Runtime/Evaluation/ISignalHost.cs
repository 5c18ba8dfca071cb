using Market.Core.Journal;

namespace Signals.Runtime.Evaluation;

/// <summary>
/// What a driver (the replay engine, the live feed loop) hands events to: the in-process
/// <see cref="SignalEvaluator"/>, or <c>Signals.Runtime.Worker.WorkerSignalHost</c>, which runs the
/// same evaluator in a worker process. Both give byte-identical fires for the same data and versions.
/// </summary>
public interface ISignalHost
{
    /// <summary>Fires passed to the sink so far.</summary>
    long FiresEmitted { get; }

    /// <summary>Registers a feed (again: the same handle) with the table that names its instruments.</summary>
    /// <param name="name">The feed's name, as subscriptions match it.</param>
    /// <param name="symbols">Instrument id to symbol; null names instruments <c>#id</c>.</param>
    /// <returns>The handle events of this feed carry.</returns>
    FeedHandle RegisterFeed(string name, ISymbolTable? symbols = null);

    /// <summary>Processes one event, or queues it for processing.</summary>
    /// <param name="envelope">The event.</param>
    void Process(in EventEnvelope envelope);

    /// <summary>Returns once every event passed to <see cref="Process"/> has been processed and its fires are in the sink.</summary>
    void Flush();

    /// <summary>Snapshots of every loaded signal, in load order.</summary>
    /// <returns>The statuses.</returns>
    IReadOnlyList<SignalStatus> GetStatuses();
}
