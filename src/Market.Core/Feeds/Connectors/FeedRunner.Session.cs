using Signals.Library;

namespace Market.Core.Feeds.Connectors;

public sealed partial class FeedRunner
{
    /// <summary>
    /// One connection from open to end. Returns the end's reason if it streamed (so backoff starts
    /// afresh); throws <see cref="FeedSessionException"/> if it failed before streaming (so Polly backs off).
    /// </summary>
    private async ValueTask<string> RunSessionAsync(CancellationToken stop)
    {
        var wait = _limiter.DelayUntilAllowed();
        if (wait > TimeSpan.Zero) SetState(FeedState.BackingOff, $"reconnect rate limit: {_options.MaxConnectsPerWindow} per {_options.ReconnectWindow}; waiting {wait.TotalSeconds:F1} s");
        await _limiter.AcquireAsync(stop).ConfigureAwait(false);
        if (Interlocked.Increment(ref _connections) > 1) Metrics.RecordReconnect();

        SetState(FeedState.Connecting, _lastEnd is null ? $"connecting to {_connector.Endpoint}" : $"connecting to {_connector.Endpoint}; the last connection ended: {_lastEnd}");
        var transport = _newTransport();
        await using (transport.ConfigureAwait(false))
        {
            await ConnectAsync(transport, stop).ConfigureAwait(false);
            await _connector.OnConnectedAsync(transport, stop).ConfigureAwait(false);
            SetState(FeedState.Subscribed, "subscriptions sent");
            var streamed = false;
            try
            {
                return await ReceiveLoopAsync(transport, () => streamed = true, stop).ConfigureAwait(false);
            }
            catch (FeedSessionException e) when (streamed)
            {
                return e.Message;
            }

            catch (Exception e) when (!stop.IsCancellationRequested && e is not FeedSessionException)
            {
                if (streamed) return e.Message;
                throw new FeedSessionException(e.Message, e);
            }
        }
    }

    private async Task ConnectAsync(IFeedTransport transport, CancellationToken stop)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
        try
        {
            await transport.ConnectAsync(_connector.Endpoint, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!stop.IsCancellationRequested)
        {
            throw new FeedSessionException($"connect timed out after {_options.ConnectTimeout}", e);
        }
    }

    private async Task<string> ReceiveLoopAsync(IFeedTransport transport, Action onFirstMessage, CancellationToken stop)
    {
        // Only something received re-arms the deadline: liveness is data (or a pong) arriving, never a ping sent.
        using var deadline = new CancellationTokenSource(_options.StalenessDeadline, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, deadline.Token);
        var streaming = false;
        while (true)
        {
            TransportReceive received;
            try
            {
                received = await transport.ReceiveAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stop.IsCancellationRequested)
            {
                var reason = $"nothing received for {_options.StalenessDeadline}";
                SetState(FeedState.Stale, reason);
                throw new FeedSessionException(reason);
            }
            if (received.Kind == TransportReceiveKind.Closed) throw new FeedSessionException(received.CloseReason ?? "closed");

            deadline.CancelAfter(_options.StalenessDeadline);
            var now = _time.GetUtcNow();
            var tsRecv = UnixNanos.FromDateTimeOffset(now);
            Metrics.RecordMessage((int)Math.Min(received.Length, int.MaxValue), now);
            if (!streaming)
            {
                streaming = true;
                onFirstMessage();
                SetState(FeedState.Streaming, "first message received");
            }
            if (received.Kind == TransportReceiveKind.Oversized) _connector.OnOversized(received.Data.Span, received.Length, tsRecv);
            else await _connector.OnMessageAsync(received.Data, tsRecv, transport, linked.Token).ConfigureAwait(false);
        }
    }
}
