using System.ComponentModel;
using Mcp.Server.Authoring;
using Mcp.Server.Data;
using Mcp.Server.Results;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Mcp.Server.Resources;

/// <summary>Resources about signals: a signal's source at HEAD, and the signal API reference.</summary>
[McpServerResourceType]
public sealed class SignalResources(SignalStore store, SignalApiReference reference)
{
    /// <summary>A committed signal's source.</summary>
    /// <param name="name">The signal.</param>
    /// <returns>The C# file.</returns>
    [McpServerResource(UriTemplate = "deepwater://signals/{name}", Name = "signal_source", MimeType = "text/x-csharp")]
    [Description("A committed signal's C# source at HEAD of the signals repository.")]
    public string SignalSource([Description("Signal name")] string name)
    {
        try
        {
            return store.SourceAtHead("deepwater://signals", name).Source;
        }
        catch (ToolError e)
        {
            throw new McpException($"{e.Code}: {e.Message}. Hint: {e.Hint}");
        }
    }

    /// <summary>The signal API reference.</summary>
    /// <returns>Markdown.</returns>
    [McpServerResource(UriTemplate = "deepwater://docs/signal-api", Name = "signal_api", MimeType = "text/markdown")]
    [Description("The signal API (Signal, SignalSetup, SignalContext, builders, sources, indicators, state types, events) as compact markdown, generated from Signals.Library's XML docs.")]
    public string SignalApi() => reference.Markdown;
}
