using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mcp.Server.Tests;

/// <summary>tools/list: names, annotations and input schemas checked in as a snapshot, and its size kept under budget.</summary>
[Collection(McpCollection.Name)]
public sealed class ToolsListTests(McpFixture fixture)
{
    /// <summary>Set to 1 to rewrite the snapshot from the current server: UPDATE_SNAPSHOTS=1 dotnet test tests/Mcp.Server.Tests.</summary>
    private const string UpdateVariable = "UPDATE_SNAPSHOTS";

    private static string SnapshotPath => Path.Combine(CaptureJournal.RepositoryDirectory, "tests", "Mcp.Server.Tests", "Snapshots", "tools-list.json");

    [Fact]
    public void ToolsList_MatchesTheCheckedInSnapshot()
    {
        var current = Snapshot();
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1") File.WriteAllText(SnapshotPath, current);
        Assert.True(File.Exists(SnapshotPath), $"no snapshot at {SnapshotPath}; run with {UpdateVariable}=1 to create it");
        var expected = File.ReadAllText(SnapshotPath).ReplaceLineEndings("\n");
        Assert.True(expected == current, $"tools/list drifted from {SnapshotPath}. If the change is intended, run: {UpdateVariable}=1 dotnet test tests/Mcp.Server.Tests --filter ToolsList_MatchesTheCheckedInSnapshot\n--- current ---\n{current}");
    }

    [Fact]
    public void ToolsList_WholeResponse_UnderEightThousandTokens()
    {
        var json = JsonSerializer.Serialize(fixture.Tools);
        Assert.True(json.Length / 4 < 8_000, $"tools/list is {json.Length} characters = {json.Length / 4} tokens");
    }

    [Fact]
    public void ToolsList_EveryTool_SnakeCaseTruthfulAnnotationsAndEveryParameterDescribed()
    {
        Assert.Equal(ToolNames.Read.Concat(ToolNames.Author).Order(StringComparer.Ordinal), fixture.Tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var tool in fixture.Tools)
        {
            Assert.Matches("^[a-z]+(_[a-z]+)*$", tool.Name);
            Assert.False(string.IsNullOrWhiteSpace(tool.Description));
            Assert.True(tool.Annotations?.ReadOnlyHint == !ToolNames.Writing.Contains(tool.Name), $"{tool.Name}: read-only is {tool.Annotations?.ReadOnlyHint}");
            Assert.True(tool.Annotations?.DestructiveHint == ToolNames.Destructive.Contains(tool.Name), $"{tool.Name}: destructive is {tool.Annotations?.DestructiveHint}");
            Assert.False(tool.Annotations?.OpenWorldHint ?? true, $"{tool.Name} is closed-world");
            Assert.False(tool.InputSchema.GetProperty("additionalProperties").GetBoolean());
            foreach (var property in tool.InputSchema.GetProperty("properties").EnumerateObject())
            {
                Assert.Matches("^[a-z]+(_[a-z]+)*$", property.Name);
                Assert.True(property.Value.TryGetProperty("description", out var d) && d.GetString()!.Length > 0, $"{tool.Name}.{property.Name} has a description");
                var bounded = property.Value.TryGetProperty("enum", out _) || property.Value.TryGetProperty("maxLength", out _)
                    || (property.Value.TryGetProperty("minimum", out _) && property.Value.TryGetProperty("maximum", out _));
                Assert.True(bounded, $"{tool.Name}.{property.Name} has bounds or an enum");
            }
        }
    }

    private string Snapshot()
    {
        var tools = new JsonArray([.. fixture.Tools.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Name,
            ["read_only"] = t.Annotations?.ReadOnlyHint,
            ["destructive"] = t.Annotations?.DestructiveHint,
            ["input_schema"] = JsonNode.Parse(t.InputSchema.GetRawText()),
        })]);
        return tools.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
    }
}
