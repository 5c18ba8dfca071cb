using Market.Core.Bus;
using Market.Core.Bus.Nats;

namespace Market.Core.Tests.Bus.Nats;

internal static class NatsTestSupport
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static NatsOptions Options(params string[] servers) => NatsOptions.Default with { Servers = servers, Name = "tests" };

    /// <summary>A task that completes on the next raise of an event (subscribe before acting).</summary>
    public static Task<T> Next<T>(Action<EventHandler<T>> subscribe)
    {
        var next = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscribe((_, e) => next.TrySetResult(e));
        return next.Task;
    }

    /// <summary>Kills <paramref name="server"/>, waits for the client to notice, restarts it and waits for the reconnect.</summary>
    public static async Task KillRestartAndReconnectAsync(NatsServer server, NatsConnection client)
    {
        var disconnected = Next<NatsConnectionEventArgs>(h => client.Disconnected += h);
        var reconnected = Next<NatsConnectionEventArgs>(h => client.Reconnected += h);
        await server.KillAsync();
        await disconnected.WaitAsync(Patience);
        await server.RestartAsync();
        await reconnected.WaitAsync(Patience);
    }

    /// <summary>Awaits a condition nothing signals (a counter), failing after <see cref="Patience"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"gave up waiting for {what}");
            await Task.Delay(5);
        }
    }

    public static async Task<BusMessage> ReadAsync(IBusSubscription subscription) =>
        await subscription.Messages.ReadAsync().AsTask().WaitAsync(Patience);
}
