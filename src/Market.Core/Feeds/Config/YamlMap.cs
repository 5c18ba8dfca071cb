using YamlDotNet.RepresentationModel;

namespace Market.Core.Feeds.Config;

/// <summary>
/// A YAML mapping read against a declared set of keys: unknown keys, missing required keys and
/// values of the wrong shape become <see cref="ConfigError"/>s located to the line and column.
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly string _file;
    private readonly List<ConfigError> _errors;

    public YamlMap(YamlMappingNode node, string file, List<ConfigError> errors, params string[] allowed)
    {
        _node = node;
        _file = file;
        _errors = errors;
        foreach (var key in node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                Error(key, $"unknown key '{name}' (expected one of: {string.Join(", ", allowed)})");
            }
        }
    }

    public static YamlMap? Of(YamlNode? node, string file, List<ConfigError> errors, string what, params string[] allowed)
    {
        if (node is YamlMappingNode map) return new YamlMap(map, file, errors, allowed);
        if (node is not null) errors.Add(At(file, node, $"{what} must be a mapping of keys to values"));
        return null;
    }

    public YamlNode? this[string key] => _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public string? String(string key, bool required = false)
    {
        var node = this[key];
        if (node is null)
        {
            if (required) Error(_node, $"missing required key '{key}'");
            return null;
        }
        if (node is YamlScalarNode { Value: { Length: > 0 } value }) return value;
        Error(node, $"'{key}' must be a non-empty text value");
        return null;
    }

    public List<string> Strings(string key, bool required = false)
    {
        var node = this[key];
        if (node is null)
        {
            if (required) Error(_node, $"missing required key '{key}'");
            return [];
        }
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, $"'{key}' must be a list");
            return [];
        }
        var values = new List<string>();
        foreach (var item in sequence)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } value }) values.Add(value);
            else Error(item, $"each item of '{key}' must be a non-empty text value");
        }
        if (required && values.Count == 0) Error(node, $"'{key}' must not be empty");
        return values;
    }

    public Dictionary<string, string> StringMap(string key)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (this[key] is not { } node) return result;
        if (node is not YamlMappingNode map)
        {
            Error(node, $"'{key}' must be a mapping");
            return result;
        }
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { Length: > 0 } name } && v is YamlScalarNode { Value: { Length: > 0 } value }) result[name] = value;
            else Error(k, $"each entry of '{key}' must be name: value");
        }
        return result;
    }

    public IEnumerable<(string Key, YamlNode Value)> Entries(string key)
    {
        if (this[key] is not { } node) yield break;
        if (node is not YamlMappingNode map)
        {
            Error(node, $"'{key}' must be a mapping");
            yield break;
        }
        foreach (var (k, v) in map.Children) yield return ((k as YamlScalarNode)?.Value ?? "", v);
    }

    public void Error(YamlNode node, string message) => _errors.Add(At(_file, node, message));

    public static ConfigError At(string file, YamlNode node, string message) =>
        new(file, (int)node.Start.Line, (int)node.Start.Column, message);
}
