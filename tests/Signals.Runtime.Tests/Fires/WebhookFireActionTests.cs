using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Signals.Library;
using Signals.Runtime.Fires;

namespace Signals.Runtime.Tests.Fires;

public sealed class WebhookFireActionTests
{
    private static WebhookOptions Options(Uri url) => new("ops", url.ToString())
    {
        BackoffBase = TimeSpan.FromMilliseconds(1),
        BackoffMax = TimeSpan.FromMilliseconds(5),
    };

    [Fact]
    public async Task OnFire_ServerFailsTwiceThenAccepts_DeliveredOnceAfterTwoRetries()
    {
        await using var server = await Receiver.StartAsync(503, 503, 200);
        var action = new WebhookFireAction(Options(server.Url), random: new Random(1));

        action.OnFire(Fires.Sample(type: FireKind.Alert));
        await action.DisposeAsync();

        Assert.Equal((1L, 0L, 2L), (action.Sent, action.Failed, action.Retries));
        Assert.Equal(3, server.Bodies.Count);
        using var json = JsonDocument.Parse(server.Bodies.Last());
        var root = json.RootElement;
        Assert.Equal("spread_blowout", root.GetProperty("signal").GetString());
        Assert.Equal("alert", root.GetProperty("type").GetString());
        Assert.Equal(12.5, root.GetProperty("fields").GetProperty("spread_bps").GetDouble());
        Assert.Equal(5, root.GetProperty("fields").GetProperty("levels").GetInt64());
        Assert.False(root.GetProperty("fields").GetProperty("crossed").GetBoolean());
    }

    [Fact]
    public async Task OnFire_BadRequest_NotRetriedAndCountedAsFailed()
    {
        await using var server = await Receiver.StartAsync(400);
        var action = new WebhookFireAction(Options(server.Url));

        action.OnFire(Fires.Sample(type: FireKind.TradeSignal));
        await action.DisposeAsync();

        Assert.Equal((0L, 1L, 0L), (action.Sent, action.Failed, action.Retries));
        Assert.Equal("HTTP 400", action.LastError);
        Assert.Single(server.Bodies);
    }

    [Fact]
    public async Task OnFire_AlwaysFailing_GivesUpAfterMaxAttempts()
    {
        await using var server = await Receiver.StartAsync(500, 500, 500, 500);
        var action = new WebhookFireAction(Options(server.Url) with { MaxAttempts = 3 });

        action.OnFire(Fires.Sample(type: FireKind.Alert));
        await action.DisposeAsync();

        Assert.Equal((0L, 1L, 2L), (action.Sent, action.Failed, action.Retries));
        Assert.Equal(3, server.Bodies.Count);
    }

    [Fact]
    public async Task OnFire_PlainFireOrOtherSignal_NotSentByDefault()
    {
        await using var server = await Receiver.StartAsync(200);
        var action = new WebhookFireAction(Options(server.Url) with { Signals = "spread_*" });

        action.OnFire(Fires.Sample(type: FireKind.Fire));
        action.OnFire(Fires.Sample("vwap_deviation", type: FireKind.Alert));
        action.OnFire(Fires.Sample("spread_blowout", type: FireKind.Alert));
        await action.DisposeAsync();

        Assert.Equal(1, action.Sent);
        Assert.Single(server.Bodies);
    }

    [Fact]
    public void ResolveUrl_VariableUnset_NamesTheVariableOnly()
    {
        var options = new WebhookOptions("ops", UrlVariable: "DW_TEST_WEBHOOK_" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<InvalidOperationException>(() => new WebhookFireAction(options));

        Assert.Contains(options.UrlVariable!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveUrl_FromVariable_Delivers()
    {
        await using var server = await Receiver.StartAsync(200);
        var variable = "DW_TEST_WEBHOOK_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, server.Url.ToString());
        try
        {
            var action = new WebhookFireAction(new WebhookOptions("ops", UrlVariable: variable));
            action.OnFire(Fires.Sample(type: FireKind.Alert));
            await action.DisposeAsync();
            Assert.Equal(1, action.Sent);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    /// <summary>A Kestrel endpoint answering POSTs with a scripted sequence of status codes (the last repeats).</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Receiver(WebApplication app) => _app = app;

        public Uri Url { get; private set; } = null!;

        public ConcurrentQueue<string> Bodies { get; } = new();

        public static async Task<Receiver> StartAsync(params int[] statuses)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var receiver = new Receiver(app);
            var calls = 0;
            app.MapPost("/hook", async (HttpContext context) =>
            {
                using var reader = new StreamReader(context.Request.Body);
                receiver.Bodies.Enqueue(await reader.ReadToEndAsync());
                var n = Interlocked.Increment(ref calls) - 1;
                context.Response.StatusCode = statuses[Math.Min(n, statuses.Length - 1)];
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            receiver.Url = new Uri(address + "/hook");
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
