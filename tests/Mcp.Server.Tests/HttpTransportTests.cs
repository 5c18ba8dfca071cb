using System.Net;
using System.Net.Http.Headers;
using Mcp.Server.Transport;
using ModelContextProtocol.Client;

namespace Mcp.Server.Tests;

/// <summary>Streamable HTTP on Kestrel (127.0.0.1, a free port): the bearer token gates everything; rate limits per client.</summary>
[Collection(McpCollection.Name)]
public sealed class HttpTransportTests(McpFixture fixture)
{
    [Fact]
    public async Task Http_WithToken_SdkClientListsAndCallsTools()
    {
        await using var client = await ConnectAsync(fixture.Http.Endpoint, McpFixture.Token);
        var tools = await client.ListToolsAsync();
        Assert.Equal(ToolNames.Read.Order(), tools.Select(t => t.Name).Order()); // this host serves the read group only
        var markets = await client.OkAsync("list_markets");
        Assert.Equal(2, markets.Meta().GetProperty("returned").GetInt64());
        Assert.Equal("deepwater", client.ServerInfo?.Name);
        Assert.Contains("list_markets", client.ServerInstructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_AuthorGroupOff_AuthorToolsUnlistedAndRefusedNamingTheGroup()
    {
        await using var client = await ConnectAsync(fixture.Http.Endpoint, McpFixture.Token);
        var tools = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
        Assert.DoesNotContain("validate_signal", tools);
        Assert.DoesNotContain("commit_signal", tools);
        var (code, message, hint) = await client.ErrorAsync("commit_signal", new { name = "x", source = "", message = "http-disabled-probe" });
        Assert.Equal("TOOL_NOT_ENABLED", code);
        Assert.Contains("'author' group", message, StringComparison.Ordinal);
        Assert.Contains("--groups read,author", hint, StringComparison.Ordinal);
        // Nothing ran, so nothing was committed or audited (the audit covers the tools a server serves).
        var audit = Path.Combine(fixture.Data.DataDirectory, CaptureJournal.Env, "audit");
        Assert.DoesNotContain(Directory.Exists(audit) ? Directory.GetFiles(audit).Select(File.ReadAllText) : [], text => text.Contains("http-disabled-probe", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token-0123456789")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Http_WithoutTheToken_401AndNoSession(string? authorization)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.Http.Endpoint)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
        Assert.DoesNotContain(McpFixture.Token, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_SdkClientWithWrongToken_FailsToConnect()
    {
        await Assert.ThrowsAnyAsync<Exception>(async () => await ConnectAsync(fixture.Http.Endpoint, "wrong-token-0123456789"));
    }

    [Fact]
    public async Task Http_OverTheRateLimit_RateLimitedErrorWithWhenToRetry()
    {
        var options = McpFixture.Options(fixture.Data.DataDirectory) with { RateLimit = new RateLimitOptions(CallsPerMinute: 1, Burst: 2) };
        await using var host = await McpHttpHost.StartAsync(options, new McpHttpOptions(new IPEndPoint(IPAddress.Loopback, 0), BearerToken.From(McpFixture.Token)));
        await using var client = await ConnectAsync(host.Endpoint, McpFixture.Token);
        await using var other = await ConnectAsync(host.Endpoint, McpFixture.Token);

        await client.OkAsync("system_status");
        await client.OkAsync("system_status");
        var (code, message, hint) = await client.ErrorAsync("system_status");
        var status = await other.OkAsync("system_status"); // another client has its own bucket

        Assert.Equal("RATE_LIMITED", code);
        Assert.Contains("1 calls per minute (burst 2)", message, StringComparison.Ordinal);
        Assert.Contains("wait", hint, StringComparison.Ordinal);
        Assert.Equal(2, status.Data().GetProperty("server").GetProperty("clients").GetInt32());
        Assert.Equal(1, status.Data().GetProperty("server").GetProperty("rate_limited_calls").GetInt64());
    }

    [Fact]
    public void BearerToken_TooShortOrMissing_RefusedWithoutEchoingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => BearerToken.From("short"));
        Assert.DoesNotContain("short\"", e.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<ArgumentException>(() => BearerToken.Load("DEEPWATER_TEST_NO_SUCH_VARIABLE", null));
        Assert.Contains("DEEPWATER_TEST_NO_SUCH_VARIABLE", missing.Message, StringComparison.Ordinal);
        Assert.Equal("BearerToken(***)", BearerToken.From(McpFixture.Token).ToString());
    }

    internal static Task<McpClient> ConnectAsync(Uri endpoint, string token) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        }), new McpClientOptions { ProtocolVersion = "2025-11-25" });
}
