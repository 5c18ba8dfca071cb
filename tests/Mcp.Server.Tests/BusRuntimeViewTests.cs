using Market.Core.Bus;
using Mcp.Server.Data;
using Signals.Runtime.Deployment;
using Signals.Runtime.Hosting;

namespace Mcp.Server.Tests;

/// <summary>A runtime in another process answers over the bus; the server's view of it is the same as in process.</summary>
public sealed class BusRuntimeViewTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dw-busview-" + Guid.NewGuid().ToString("N"));

    private const string Source = """
        using Signals.Library;

        public sealed class Quiet : Signal
        {
            public override void Configure(SignalSetup setup) => setup.Subscribe("*", "*", EventKinds.Trade);
        }
        """;

    [Fact]
    public async Task All_RuntimeAnswersOnTheBus_SameAsItsOwnStatus()
    {
        var repository = SignalRepository.Open(Path.Combine(_root, "signals"), initialize: true);
        var sha = repository.Commit("quiet", Source, "Add quiet", new SignalAuthor("A. Quant", "quant@example.com"));
        await using var bus = new InProcessBus();
        await using var runtime = new SignalRuntimeHost(new SignalRuntimeOptions
        {
            SignalsDirectory = repository.Directory,
            DataDirectory = Path.Combine(_root, "data"),
        }, bus);
        await runtime.StartAsync();

        var view = new BusRuntimeView(bus, "dev");

        Assert.True(view.Available);
        var quiet = Assert.Single(view.All());
        Assert.Equal(("quiet", DeploymentState.Running, sha), (quiet.Deployment.Name, quiet.Deployment.State, quiet.Deployment.Commit));
        Assert.Equal(runtime.Status()[0].Evaluation!.Identity, quiet.Evaluation!.Identity);
        Assert.StartsWith("remote:", view.Describe, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_NoRuntimeAnswers_NotAvailableAndSaysWhere()
    {
        await using var bus = new InProcessBus();
        var view = new BusRuntimeView(bus, "dev", TimeSpan.FromMilliseconds(200));

        Assert.False(view.Available);
        Assert.Empty(view.All());
        Assert.Contains("dev.svc.signals.status", view.Describe, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
