using System.Diagnostics;
using System.Runtime.CompilerServices;
using Market.Core.Journal;
using Signals.Library;
using Signals.Runtime.Evaluation.Internal;

namespace Signals.Runtime.Evaluation;

public sealed partial class SignalEvaluator
{
    private long _nextTimerDue = long.MinValue;
    private bool _timeThisEvent;

    // Allocation is read twice per event, around all of its signal calls (a reading costs a native
    // call). An event over the per-call limit fails its signal when it ran alone, and from then on
    // every call is read on its own (_allocationPerCall) so the next one names its culprit; timers
    // are always read per call. What the evaluator allocates itself in between (first sight of a
    // route, fires handed to the sink, failure reports) is moved out of the window (Exclude…).
    private long _allocationMark;
    private bool _allocationPerCall;
    private bool _measureEachCall;

    /// <summary>
    /// Processes one event: applies pending swaps, runs timers the clock crossed, decodes the payload
    /// once, updates the instrument's builders, then calls each subscribed signal's handler (and
    /// <see cref="Signal.OnBookChanged"/> after a snapshot or the last delta of a batch).
    /// </summary>
    /// <param name="envelope">The event.</param>
    public void Process(in EventEnvelope envelope)
    {
        if (Volatile.Read(ref _pendingCount) != 0) ApplyPending();
        var now = envelope.TsRecv;
        // The event clock never moves back, even when live feeds interleave slightly out of order.
        if (now < Clock) now = Clock;
        else Clock = now;
        var eventNumber = ++EventsProcessed;
        _timeThisEvent = (eventNumber & (Options.TimingSampleEvery - 1)) == 0;
        if (now >= _nextTimerDue) RunTimers(now);

        var feed = _feeds[envelope.Feed.Index];
        feed.LastSequence = envelope.Sequence;
        var id = envelope.InstrumentId;
        var routes = feed.Routes;
        var route = id < (uint)routes.Length ? routes[id] : null;
        if (route is null || route.Version != _version) route = Route(feed, id);

        var header = new EventHeader(id, envelope.TsEvent, envelope.TsRecv);
        var payload = envelope.Payload;
        var sequence = envelope.Sequence;
        switch (envelope.Kind)
        {
            case EventKind.Trade when Trade.TryReadPayload(payload, header, out var trade):
                Dispatch(route, new TradeCall(trade), EventKind.Trade, sequence, true, now);
                break;
            case EventKind.BookDelta when BookDelta.TryReadPayload(payload, header, out var delta):
                var endOfBatch = (envelope.Flags & RecordFlags.EndOfBatch) != 0;
                Dispatch(route, new DeltaCall(delta, endOfBatch), EventKind.BookDelta, sequence, endOfBatch, now);
                break;
            case EventKind.BookSnapshot when BookSnapshot.TryReadPayload(payload, header, out var snapshot):
                Dispatch(route, new SnapshotCall(snapshot), EventKind.BookSnapshot, sequence, true, now);
                break;
            case EventKind.Quote when Quote.TryReadPayload(payload, header, out var quote):
                Dispatch(route, new QuoteCall(quote), EventKind.Quote, sequence, true, now);
                break;
            case EventKind.InstrumentStatus when InstrumentStatus.TryReadPayload(payload, header, out var status):
                Dispatch(route, new StatusCall(status), EventKind.InstrumentStatus, sequence, true, now);
                break;
            case EventKind.Gap when Gap.TryReadPayload(payload, header, out var gap):
                Dispatch(route, new GapCall(gap), EventKind.Gap, sequence, true, now);
                break;
            default:
                BadPayloads++;
                break;
        }
    }

    private void Dispatch<TCall>(InstrumentRoute route, in TCall call, EventKind kind, long sequence, bool endOfBatch, long now)
        where TCall : struct, IEventCall
    {
        if (route.Order.Length != 0) Graph.Update(route, in call, kind.ToSet(), now);
        _allocationMark = GC.GetAllocatedBytesForCurrentThread();
        var subscribers = route.ByKind[(int)kind];
        // A book is whole after a snapshot or the last delta of a venue message: the place to read it.
        var bookChanged = kind == EventKind.BookSnapshot || (kind == EventKind.BookDelta && endOfBatch);
        SignalRuntime? ran = null;
        var several = false;
        for (var i = 0; i < subscribers.Length; i++)
        {
            var subscriber = subscribers[i];
            var signal = subscriber.Signal;
            if (signal.State != SignalState.Running) continue;
            if (!subscriber.Seen) See(subscriber, route);
            // Handlers the signal does not override are base no-ops: skip them, and their budgeted call.
            var handled = signal.Handles(kind);
            var changed = bookChanged && signal.HandlesBookChanged;
            if (!handled && !changed) continue;
            several |= ran is not null;
            ran = signal;
            if (handled) Invoke(signal, route, in call, now, sequence, endOfBatch);
            // Same event, same context values (a book change implies end of batch): no need to enter again.
            if (changed) Invoke(signal, route, default(BookChangedCall), now, sequence, true, enter: !handled);
        }
        if (ran is not null && !_measureEachCall)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread() - _allocationMark;
            if (allocated > Options.AllocationBytesPerCall) OverAllocated(ran, several, allocated);
        }
    }

    /// <summary>An event's calls allocated over the per-call limit together: blame the signal that ran alone, and read every call from now on.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OverAllocated(SignalRuntime ran, bool several, long allocated)
    {
        _allocationPerCall = _measureEachCall = true;
        if (several)
        {
            Log.AllocationPerCall(_logger, allocated, Options.AllocationBytesPerCall);
            return;
        }
        if (ran.State == SignalState.Running) Fail(ran, AllocationFailure(allocated), wallClock: false);
    }

    /// <summary>One handler call under the budgets: fuel refilled, watchdog armed, allocation measured, any exception contained.</summary>
    private void Invoke<TCall>(SignalRuntime signal, InstrumentRoute route, in TCall call, long now, long sequence, bool endOfBatch, bool enter = true)
        where TCall : struct, IEventCall
    {
        if (signal.State != SignalState.Running) return;
        if (signal.LastEvent != EventsProcessed)
        {
            signal.LastEvent = EventsProcessed;
            signal.Events++;
        }
        if (enter) signal.Context.Enter(route.Place, now, sequence, endOfBatch);
        var meter = signal.Meter;
        if (meter is not null)
        {
            meter.Refill(Options.FuelPerCall);
            _watchdog.Begin(signal.Order);
        }
        var started = _timeThisEvent ? Stopwatch.GetTimestamp() : 0;
        string? failure = null;
        signal.InCall = true;
        var observer = CallObserver;
        try
        {
            observer?.Entering(signal.Tag);
            call.Call(signal.Signal, signal.Context);
        }
        catch (Exception ex)
        {
            failure = Describe(ex, meter);
        }
        observer?.Left();
        signal.InCall = false;
        long allocated = 0;
        if (_measureEachCall)
        {
            var allocationMark = GC.GetAllocatedBytesForCurrentThread();
            allocated = allocationMark - _allocationMark;
            _allocationMark = allocationMark;
        }
        if (meter is not null)
        {
            _watchdog.End();
            if (failure is null && meter.IsExhausted) failure = $"budget: {meter.ExhaustedBecause}";
        }
        if (started != 0) signal.TimeTicks += Stopwatch.GetTimestamp() - started;
        if (failure is null && allocated > Options.AllocationBytesPerCall) failure = AllocationFailure(allocated);
        if (signal.CallFault is not null)
        {
            failure ??= signal.CallFault;
            signal.CallFault = null;
        }
        if (_pendingFires.Count != 0)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            FlushFires();
            ExcludeAllocationSince(before);
        }
        if (failure is not null) Fail(signal, failure, meter is { ExhaustedBecause: { } why } && why.StartsWith(Watchdog.ReasonPrefix, StringComparison.Ordinal));
        else if (signal.ConsecutiveFailures != 0 && signal.LastFailedEvent != EventsProcessed) signal.ConsecutiveFailures = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Fail(SignalRuntime signal, string failure, bool wallClock)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        // A call the watchdog had to stop held up every other signal for the whole limit: no second chance.
        var quarantine = signal.RecordFailure(EventsProcessed, failure, wallClock);
        Log.Failed(_logger, signal.Identity.Name, signal.Context.Feed, signal.Context.Symbol, failure);
        if (quarantine is not null)
        {
            signal.State = SignalState.Quarantined;
            signal.QuarantineReason = quarantine;
            SetSignals(_signals);
            Log.Quarantined(_logger, signal.Identity.Name, quarantine);
        }
        ExcludeAllocationSince(before);
    }

    /// <summary>Moves what the evaluator allocated since <paramref name="before"/> out of the signals' window.</summary>
    private void ExcludeAllocationSince(long before) => _allocationMark += GC.GetAllocatedBytesForCurrentThread() - before;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void See(Subscriber subscriber, InstrumentRoute route)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        subscriber.Seen = true;
        if (subscriber.Signal.SeenSet.Add(route)) subscriber.Signal.Seen.Add(route);
        ExcludeAllocationSince(before);
    }

    /// <summary>
    /// Timers run before the event that crossed their boundary, once per instrument the signal has
    /// seen, in first-seen order, with the clock at the boundary. A gap in the data that skips several
    /// boundaries gives one call (at the latest boundary); the skipped ones are counted.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RunTimers(long now)
    {
        // Timer calls run back to back over many instruments: each is read on its own.
        _measureEachCall = true;
        _allocationMark = GC.GetAllocatedBytesForCurrentThread();
        var next = long.MaxValue;
        foreach (var signal in _timed)
        {
            var period = signal.TimerPeriod;
            var boundary = now - (((now % period) + period) % period);
            if (signal.NextTimer == long.MinValue)
            {
                // The first event after load starts the clock; the first tick is the next boundary.
                signal.NextTimer = boundary + period;
            }
            else if (now >= signal.NextTimer && signal.State == SignalState.Running)
            {
                signal.SkippedTimerPeriods += (boundary - signal.NextTimer) / period;
                signal.NextTimer = boundary + period;
                foreach (var route in signal.Seen)
                {
                    // The route may have been rebuilt since: contexts must read its current builders.
                    if (route.Version != _version) RebuildRoute(route);
                    Invoke(signal, route, default(TimerCall), boundary, 0, true);
                }
            }
            next = Math.Min(next, signal.NextTimer);
        }
        _nextTimerDue = next;
        _measureEachCall = _allocationPerCall;
    }
}
