using System.Text.Json.Nodes;

namespace Mcp.Server.Status;

/// <summary>
/// A section of <c>system_status</c> that another component contributes, such as the signal runtime
/// (signals loaded, quarantined, fires). Register with <c>services.AddSingleton&lt;IStatusSection, …&gt;()</c>;
/// each appears under <c>data.sections[Name]</c>. Must be cheap, thread-safe and free of secrets.
/// </summary>
public interface IStatusSection
{
    /// <summary>The section's key, snake_case (e.g. <c>runtime</c>).</summary>
    string Name { get; }

    /// <summary>The section's figures now.</summary>
    /// <returns>A small JSON object.</returns>
    JsonNode Read();
}
