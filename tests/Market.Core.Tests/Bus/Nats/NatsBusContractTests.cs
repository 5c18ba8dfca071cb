using Market.Core.Bus;
using Market.Core.Bus.Nats;

namespace Market.Core.Tests.Bus.Nats;

/// <summary>The bus contract against a real nats-server (one per class, so no other test shares its subjects).</summary>
public sealed class NatsBusContractTests(NatsServerFixture server) : BusContractTests, IClassFixture<NatsServerFixture>
{
    // The contract's CreateBus is synchronous; connecting to a local server takes a millisecond.
    protected override IBus CreateBus() =>
        NatsBus.ConnectAsync(NatsOptions.Default with { Servers = [server.Url], Name = "contract-tests" }).GetAwaiter().GetResult();
}
