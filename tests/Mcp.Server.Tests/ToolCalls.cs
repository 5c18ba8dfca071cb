using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Mcp.Server.Tests;

/// <summary>Calling tools and reading the {data, meta} envelope or the {code, message, hint} error.</summary>
internal static class ToolCalls
{
    public static async Task<CallToolResult> CallAsync(this McpClient client, string tool, object? arguments = null)
    {
        var args = arguments is null ? new Dictionary<string, object?>()
            : JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(arguments))!;
        return await client.CallToolAsync(tool, args);
    }

    public static async Task<JsonElement> OkAsync(this McpClient client, string tool, object? arguments = null)
    {
        var result = await client.CallAsync(tool, arguments);
        Assert.True(result.IsError != true, $"{tool} failed: {Text(result)}");
        Assert.NotNull(result.StructuredContent);
        var content = result.StructuredContent!.Value;
        Assert.True(content.TryGetProperty("data", out _), "structured content has data");
        Assert.True(content.TryGetProperty("meta", out _), "structured content has meta");
        return content;
    }

    public static async Task<(string Code, string Message, string Hint)> ErrorAsync(this McpClient client, string tool, object? arguments = null)
    {
        var result = await client.CallAsync(tool, arguments);
        Assert.True(result.IsError == true, $"{tool} should fail but returned: {Text(result)}");
        var error = result.StructuredContent!.Value;
        return (error.GetProperty("code").GetString()!, error.GetProperty("message").GetString()!, error.GetProperty("hint").GetString()!);
    }

    public static string Text(CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    public static JsonElement Data(this JsonElement envelope) => envelope.GetProperty("data");

    public static JsonElement Meta(this JsonElement envelope) => envelope.GetProperty("meta");
}
