using Market.Core.Bus.Nats.Internal;
using Market.Core.Feeds.Connectors;

namespace Market.Core.Bus.Nats;

public sealed partial class NatsConnection
{
    // Owns the connection's life: read until the socket ends (error, stale, lame duck, fatal -ERR),
    // then reconnect round the server list with full-jitter backoff, and again.
    private async Task SuperviseAsync(NatsTransport transport)
    {
        while (true)
        {
            string reason;
            using (var pinging = CancellationTokenSource.CreateLinkedTokenSource(transport.Closing))
            {
                var pinger = PingLoopAsync(transport, pinging.Token);
                try
                {
                    await transport.Reading.ConfigureAwait(false);
                    reason = "closed";
                }
                catch (Exception e)
                {
                    reason = e.Message;
                }
                await pinging.CancelAsync().ConfigureAwait(false);
                await pinger.ConfigureAwait(false);
            }
            if (Volatile.Read(ref _disposed) != 0) return;
            transport.Close();
            reason = transport.CloseReason ?? reason;

            Volatile.Write(ref _state, (int)NatsConnectionState.Reconnecting);
            Volatile.Write(ref _connected, new TaskCompletionSource<NatsTransport>(TaskCreationOptions.RunContinuationsAsynchronously));
            transport.Replaced.TrySetResult();
            FailPongWaiters(new NatsException($"connection to {transport.Server} lost before the flush completed ({reason})"), failAll: false);
            Disconnected?.Invoke(this, new NatsConnectionEventArgs(transport.Server, reason));

            var next = await ReconnectAsync().ConfigureAwait(false);
            if (next is null)
            {
                await CloseForGoodAsync(new NatsException($"gave up reconnecting after {_options.MaxReconnectAttempts} attempts (last server {transport.Server}: {reason})")).ConfigureAwait(false);
                return;
            }
            transport = next;
            Interlocked.Increment(ref _reconnects);
            Install(transport);
            Reconnected?.Invoke(this, new NatsConnectionEventArgs(transport.Server, "reconnected; subscriptions restored"));
        }
    }

    private async Task<NatsTransport?> ReconnectAsync()
    {
        var token = _disposing.Token;
        for (var attempt = 0; _options.MaxReconnectAttempts < 0 || attempt < _options.MaxReconnectAttempts; attempt++)
        {
            // The first try goes straight to the next server in the list: after lame duck or a crash
            // it is the one most likely up.
            if (attempt > 0)
            {
                var delay = FullJitterBackoff.Delay(attempt - 1, _options.ReconnectWait, _options.MaxReconnectWait, _random);
                try { await Task.Delay(delay, token).ConfigureAwait(false); }
                catch (OperationCanceledException) { return null; }
            }
            try
            {
                return await ConnectToAsync(NextServer(), token).ConfigureAwait(false);
            }
            catch (Exception) when (!token.IsCancellationRequested)
            {
            }
            catch (Exception)
            {
                return null;
            }
        }
        return null;
    }

    private async Task PingLoopAsync(NatsTransport transport, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.PingInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (Volatile.Read(ref _keepaliveOutstanding) >= _options.MaxPingsOutstanding)
                {
                    transport.Close($"stale connection: {_options.MaxPingsOutstanding} pings without a pong");
                    return;
                }
                Interlocked.Increment(ref _keepaliveOutstanding);
                SendKeepalivePing();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CloseForGoodAsync(Exception error)
    {
        Volatile.Write(ref _state, (int)NatsConnectionState.Closed);
        Volatile.Read(ref _connected).TrySetException(error);
        FailPongWaiters(error, failAll: true);
        FailRequests(error);
        foreach (var subscription in _subscriptions.Values) subscription.Complete(error);
        lock (_writeLock) Interlocked.Exchange(ref _roomWaiter, null)?.TrySetException(error);
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
