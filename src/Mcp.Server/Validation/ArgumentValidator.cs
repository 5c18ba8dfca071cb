using System.Globalization;
using System.Text.Json;
using Mcp.Server.Results;

namespace Mcp.Server.Validation;

/// <summary>
/// Checks a call's arguments against the tool's own input schema before the tool runs: unknown
/// names, missing required ones, JSON types, enums and numeric bounds. The SDK would otherwise
/// ignore an unknown argument, so a misspelt <c>form</c> would silently mean "no from".
/// </summary>
public static class ArgumentValidator
{
    /// <summary>Throws a <see cref="ToolError"/> for the first argument that does not fit the schema.</summary>
    /// <param name="tool">The tool's name, for messages.</param>
    /// <param name="schema">The tool's input schema.</param>
    /// <param name="arguments">The call's arguments; null when none were passed.</param>
    public static void Validate(string tool, JsonElement schema, IDictionary<string, JsonElement>? arguments)
    {
        var properties = schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var names = properties.ValueKind == JsonValueKind.Object ? properties.EnumerateObject().Select(x => x.Name).ToList() : [];
        var accepted = names.Count == 0 ? $"{tool} takes no arguments" : $"{tool} accepts: {string.Join(", ", names)}";
        foreach (var (name, value) in arguments ?? new Dictionary<string, JsonElement>())
        {
            if (!properties.TryGetProperty(name, out var property))
            {
                throw new ToolError(ErrorCodes.UnknownArgument, $"{tool} has no argument '{name}'", $"remove '{name}'; {accepted}");
            }
            CheckValue(tool, name, property, value);
        }
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (arguments is null || !arguments.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
                {
                    throw new ToolError(ErrorCodes.MissingArgument, $"{tool} needs '{name}'", $"pass '{name}' ({Describe(properties.GetProperty(name))}); {accepted}");
                }
            }
        }
    }

    private static void CheckValue(string tool, string name, JsonElement property, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null) return; // null means "not given": required ones are checked after
        if (!TypeMatches(property, value))
        {
            throw new ToolError(ErrorCodes.InvalidArgument, $"{tool} argument '{name}' must be {Describe(property)}, not {Show(value)}",
                $"pass '{name}' as {Describe(property)}");
        }
        if (property.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array
            && !values.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.String && value.ValueKind == JsonValueKind.String && v.GetString() == value.GetString()))
        {
            throw new ToolError(ErrorCodes.InvalidArgument, $"{tool} argument '{name}' is {Show(value)}, not one of its values",
                $"pass '{name}' as one of: {string.Join(", ", values.EnumerateArray().Select(v => v.ToString()))}");
        }
        if (value.ValueKind == JsonValueKind.Number)
        {
            var number = value.GetDouble();
            var min = Bound(property, "minimum");
            var max = Bound(property, "maximum");
            if ((min is { } lo && number < lo) || (max is { } hi && number > hi))
            {
                throw new ToolError(ErrorCodes.InvalidArgument, $"{tool} argument '{name}' is {value.GetRawText()}, outside {Range(min, max)}",
                    $"pass '{name}' within {Range(min, max)}");
            }
        }
        if (value.ValueKind == JsonValueKind.String && property.TryGetProperty("maxLength", out var maxLength) && value.GetString()!.Length > maxLength.GetInt32())
        {
            throw new ToolError(ErrorCodes.InvalidArgument, $"{tool} argument '{name}' is longer than {maxLength.GetInt32()} characters",
                $"shorten '{name}' to at most {maxLength.GetInt32()} characters");
        }
    }

    private static bool TypeMatches(JsonElement property, JsonElement value)
    {
        var types = Types(property);
        if (types.Count == 0) return true;
        return value.ValueKind switch
        {
            JsonValueKind.String => types.Contains("string"),
            JsonValueKind.True or JsonValueKind.False => types.Contains("boolean"),
            JsonValueKind.Number => types.Contains("number") || (types.Contains("integer") && value.TryGetInt64(out _)),
            JsonValueKind.Array => types.Contains("array"),
            JsonValueKind.Object => types.Contains("object"),
            _ => false,
        };
    }

    private static List<string> Types(JsonElement property)
    {
        if (!property.TryGetProperty("type", out var type)) return [];
        return type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)] : [type.GetString()!];
    }

    private static double? Bound(JsonElement property, string keyword) =>
        property.TryGetProperty(keyword, out var b) && b.ValueKind == JsonValueKind.Number ? b.GetDouble() : null;

    private static string Range(double? min, double? max) =>
        string.Create(CultureInfo.InvariantCulture, $"{(min is { } lo ? lo.ToString(CultureInfo.InvariantCulture) : "-inf")}..{(max is { } hi ? hi.ToString(CultureInfo.InvariantCulture) : "inf")}");

    private static string Describe(JsonElement property)
    {
        var types = Types(property).Where(t => t != "null").ToList();
        var text = types.Count == 0 ? "any value" : string.Join(" or ", types.Select(t => t is "integer" ? "an integer" : t is "array" or "object" ? "an " + t : "a " + t));
        var min = Bound(property, "minimum");
        var max = Bound(property, "maximum");
        if (min is not null || max is not null) text += " in " + Range(min, max);
        return text;
    }

    private static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Clip(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Clip(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
