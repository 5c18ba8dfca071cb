using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Core.Bus;
using Mcp.Server.Authoring;
using Mcp.Server.Data;
using Mcp.Server.Prompts;
using Mcp.Server.Resources;
using Mcp.Server.Status;
using Mcp.Server.Tools;
using Mcp.Server.Validation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Mcp.Server;

/// <summary>DI wiring of the Deepwater MCP server: thin, so the types beneath stay constructible in tests.</summary>
public static class McpServiceCollectionExtensions
{
    /// <summary>
    /// Adds the MCP server with Deepwater's services, the tools of the enabled groups, argument
    /// validation and per-client rate limits. Add a transport on the returned builder
    /// (<c>WithStdioServerTransport()</c>, or host HTTP with <see cref="Transport.McpHttpHost"/>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The server's settings; validated here.</param>
    /// <returns>The SDK's builder, for transports and for more tool groups (<see cref="WithToolGroup{TTools}"/>).</returns>
    public static IMcpServerBuilder AddDeepwaterMcpServer(this IServiceCollection services, DeepwaterMcpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options.RateLimit);
        services.AddSingleton<RateLimiter>();
        services.AddSingleton<ServerStats>();
        services.AddSingleton<CallToolGuard>();
        services.AddSingleton<MarketData>();
        services.AddSingleton<InventoryCache>();
        services.AddSingleton<SignalStore>();
        services.AddSingleton<SignalApiReference>();
        services.AddSingleton<BacktestRunner>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditFilter>();
        // The runtime in this process when there is one, else one answering over the registered bus.
        services.TryAddSingleton<LocalRuntimeView>();
        services.TryAddSingleton<ISignalRuntimeView>(sp => new RuntimeViewSelector(sp.GetRequiredService<LocalRuntimeView>(),
            sp.GetService<IBus>() is { } bus ? new BusRuntimeView(bus, options.Environment) : null));
        // Fires from the signal journal here when there is one, else from the runtime answering over the bus.
        services.TryAddSingleton<LocalFireSource>();
        services.TryAddSingleton<ISignalFireSource>(sp => new FireSourceSelector(sp.GetRequiredService<LocalFireSource>(),
            sp.GetService<IBus>() is { } bus ? new BusFireSource(bus, options.Environment) : null));
        services.AddSingleton<IStatusSection, RuntimeStatusSection>();
        var builder = services.AddMcpServer(o =>
        {
            o.ServerInfo = new Implementation { Name = "deepwater", Version = typeof(McpServiceCollectionExtensions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0" };
            o.ServerInstructions = ServerInstructions.Text;
        });
        // The audit sees every authoring call, refusals by the guard included.
        builder.WithRequestFilters(filters => filters.AddCallToolFilter(next => (context, cancellationToken) =>
            context.Services!.GetRequiredService<AuditFilter>().InvokeAsync(context,
                (inner, token) => inner.Services!.GetRequiredService<CallToolGuard>().InvokeAsync(inner, next, token), cancellationToken)));
        if ((options.Groups & ToolGroups.Read) != 0) builder.WithResources<SignalResources>().WithResources<FeedResources>().WithPrompts<SignalPrompts>();
        return builder
            .WithToolGroup<MarketTools>(ToolGroups.Read)
            .WithToolGroup<TradeTools>(ToolGroups.Read)
            .WithToolGroup<BarTools>(ToolGroups.Read)
            .WithToolGroup<OrderBookTools>(ToolGroups.Read)
            .WithToolGroup<InventoryTools>(ToolGroups.Read)
            .WithToolGroup<QualityTools>(ToolGroups.Read)
            .WithToolGroup<StatusTools>(ToolGroups.Read)
            .WithToolGroup<StateBuilderTools>(ToolGroups.Read)
            .WithToolGroup<SignalTools>(ToolGroups.Read)
            .WithToolGroup<FeedbackTools>(ToolGroups.Read)
            .WithToolGroup<AuthoringTools>(ToolGroups.Author)
            .WithToolGroup<DeploymentTools>(ToolGroups.Author);
    }

    /// <summary>
    /// Registers the <c>[McpServerTool]</c> methods of <typeparamref name="TTools"/> when
    /// <paramref name="group"/> is enabled in the options. This is how authoring and operator tools
    /// join: <c>builder.WithToolGroup&lt;SignalAuthoringTools&gt;(ToolGroups.Author)</c>. Their input
    /// schemas forbid unknown properties and every call is validated against them.
    /// </summary>
    /// <typeparam name="TTools">A sealed class of tool methods, constructed once from DI.</typeparam>
    /// <param name="builder">The builder from <see cref="AddDeepwaterMcpServer"/>.</param>
    /// <param name="group">The group the tools belong to.</param>
    /// <returns>The builder.</returns>
    public static IMcpServerBuilder WithToolGroup<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.PublicConstructors)] TTools>(
        this IMcpServerBuilder builder, ToolGroups group) where TTools : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.Select(d => d.ImplementationInstance).OfType<DeepwaterMcpOptions>().LastOrDefault()
            ?? throw new InvalidOperationException("call AddDeepwaterMcpServer before WithToolGroup");
        var methods = typeof(TTools).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<McpServerToolAttribute>())).Where(m => m.Attribute is not null).ToList();
        // Known even when off, so a call to a disabled tool is refused saying which group serves it.
        foreach (var (method, attribute) in methods) builder.Services.AddSingleton(new KnownTool(attribute!.Name ?? method.Name, group));
        if ((options.Groups & group) == 0) return builder;
        builder.Services.TryAddSingleton<TTools>();
        foreach (var (method, attribute) in methods)
        {
            if (group != ToolGroups.Read) builder.Services.AddSingleton(new AuditedTool(attribute!.Name ?? method.Name));
            builder.Services.AddSingleton(services => Create(method, services.GetRequiredService<TTools>(), services));
        }
        return builder;
    }

    private static McpServerTool Create(MethodInfo method, object target, IServiceProvider services)
    {
        var tool = McpServerTool.Create(method, target, new McpServerToolCreateOptions { Services = services, SchemaCreateOptions = SchemaOptions });
        // Unknown arguments are refused at call time; the schema says so up front.
        var schema = JsonNode.Parse(tool.ProtocolTool.InputSchema.GetRawText())!.AsObject();
        schema["additionalProperties"] = false;
        tool.ProtocolTool.InputSchema = JsonSerializer.SerializeToElement(schema);
        return tool;
    }

    private static readonly AIJsonSchemaCreateOptions SchemaOptions = new() { IncludeSchemaKeyword = false };
}
