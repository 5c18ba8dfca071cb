namespace Mcp.Server.Tests;

[Collection(McpCollection.Name)]
public sealed class SmokeTests(McpFixture fixture)
{
    [Fact]
    public async Task ListMarkets_Capture_ShowsBothProducts()
    {
        var result = await fixture.Stdio.OkAsync("list_markets");
        var symbols = result.Data().EnumerateArray().Select(m => m.GetProperty("symbol").GetString()).ToList();
        Assert.Contains("BTC-USD", symbols);
        Assert.Contains("ETH-USD", symbols);
    }
}
