using Market.Core.Bus;

namespace Market.Core.Tests.Bus;

public sealed class InProcessBusContractTests : BusContractTests
{
    protected override IBus CreateBus() => new InProcessBus();
}
