using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Signals.Library;
using Signals.Library.State;

namespace Mcp.Server.Authoring;

/// <summary>One declarable piece of shared state: a builder, a source series or an indicator.</summary>
/// <param name="Kind"><c>builder</c>, <c>source</c> or <c>indicator</c>.</param>
/// <param name="Call">How a signal writes it, e.g. <c>Builders.Bars(TimeSpan interval, int keep = 100)</c>.</param>
/// <param name="Returns">What <c>setup.Use</c> of it gives a key to.</param>
/// <param name="Summary">The first sentence of its documentation.</param>
public sealed record StateBuilderInfo(string Kind, string Call, string Returns, string Summary);

/// <summary>
/// The signal API as agents read it, generated from Signals.Library's own XML documentation (the
/// <c>Signals.Library.xml</c> beside its assembly) and its public surface: the state builders
/// list and the compact markdown of <c>deepwater://docs/signal-api</c>. Built once.
/// </summary>
public sealed partial class SignalApiReference
{
    private static readonly Type[] Core = [typeof(Signal), typeof(SignalSetup), typeof(SignalContext), typeof(EventKinds), typeof(FixedPoint), typeof(UnixNanos)];
    private static readonly Type[] StateTypes = [typeof(BookState), typeof(QuoteState), typeof(BarState), typeof(Bar), typeof(PriceHistoryState), typeof(VolumeProfileState), typeof(TradeFlowState), typeof(Series)];
    private static readonly Type[] Events = [typeof(Trade), typeof(Quote), typeof(BookDelta), typeof(BookSnapshot), typeof(InstrumentStatus), typeof(Gap), typeof(Side)];

    private readonly Dictionary<string, string> _docs;
    private readonly Lazy<IReadOnlyList<StateBuilderInfo>> _builders;
    private readonly Lazy<string> _markdown;

    /// <summary>Reads the documentation beside Signals.Library's assembly (names only when it is missing).</summary>
    public SignalApiReference() : this(Path.ChangeExtension(typeof(Signal).Assembly.Location, ".xml")) { }

    /// <summary>Reads the documentation from <paramref name="xmlPath"/>.</summary>
    /// <param name="xmlPath">The XML documentation file.</param>
    public SignalApiReference(string xmlPath)
    {
        DocumentationFound = File.Exists(xmlPath);
        _docs = DocumentationFound
            ? XDocument.Load(xmlPath).Descendants("member")
                .Where(m => m.Attribute("name") is not null && m.Element("summary") is not null)
                .GroupBy(m => m.Attribute("name")!.Value, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Flatten(g.First().Element("summary")!), StringComparer.Ordinal)
            : [];
        _builders = new(BuildStateBuilders);
        _markdown = new(BuildMarkdown);
    }

    /// <summary>Whether the XML documentation was found (without it, summaries are empty).</summary>
    public bool DocumentationFound { get; }

    /// <summary>Every builder, source and indicator, in declaration order.</summary>
    public IReadOnlyList<StateBuilderInfo> StateBuilders => _builders.Value;

    /// <summary>The compact markdown reference.</summary>
    public string Markdown => _markdown.Value;

    private List<StateBuilderInfo> BuildStateBuilders() =>
    [
        .. Methods(typeof(Builders)).Select(m => Info("builder", m)),
        .. Methods(typeof(Sources)).Select(m => Info("source", m)),
        .. Methods(typeof(Indicators)).Select(m => Info("indicator", m)),
    ];

    private StateBuilderInfo Info(string kind, MethodInfo method) =>
        new(kind, $"{method.DeclaringType!.Name}.{Signature(method)}", TypeName(method.ReturnType), FirstSentence(Doc(method)));

    private string BuildMarkdown()
    {
        var text = new StringBuilder();
        text.Append("# Deepwater signal API (Signals.Library)\n\n")
            .Append("A signal is one C# file: `public sealed class X : Signal` with a parameterless constructor, `using Signals.Library;` and `using Signals.Library.State;`. ")
            .Append("Configure declares subscriptions (`setup.Subscribe(feedGlob, symbolGlob, EventKinds.…)`), state (`key = setup.Use(Builders/Sources/Indicators…)`) and parameters; ")
            .Append("handlers read state with `context.State(key)` and may `context.Fire(message, (name, value)…)`. Prices in events are long fixed-point at 1e-9 (`FixedPoint.ToDouble`); times are UTC ns on the event clock (`context.Now`). ")
            .Append("The sandbox refuses IO, network, threads, reflection, wall clocks, `new Random()` (use `context.Random`), `unsafe`, static mutable state and calling `Configure` or a handler yourself (only the runtime calls them); loops are metered.\n");
        Section(text, "Signal, setup and context", Core);
        Section(text, "State: builders, sources, indicators", [typeof(Builders), typeof(Sources), typeof(Indicators)]);
        Section(text, "State types (what context.State returns)", StateTypes);
        Section(text, "Events", Events);
        return text.ToString();
    }

    private void Section(StringBuilder text, string title, IEnumerable<Type> types)
    {
        text.Append("\n## ").Append(title).Append('\n');
        foreach (var type in types)
        {
            text.Append("\n### ").Append(type.Name).Append('\n');
            if (FirstSentence(Doc(type)) is { Length: > 0 } summary) text.Append(summary).Append('\n');
            if (type.IsEnum)
            {
                text.Append("Values: ").Append(string.Join(", ", Enum.GetNames(type))).Append('\n');
                continue;
            }
            foreach (var member in Members(type)) text.Append("- `").Append(member.Signature).Append('`').Append(member.Summary.Length > 0 ? " — " + member.Summary : "").Append('\n');
        }
    }

    private IEnumerable<(string Signature, string Summary)> Members(Type type)
    {
        const BindingFlags Flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var field in type.GetFields(Flags).Where(f => !f.IsSpecialName))
        {
            yield return ($"{(field.IsStatic ? "static " : "")}{TypeName(field.FieldType)} {field.Name}", FirstSentence(Doc(field)));
        }
        foreach (var property in type.GetProperties(Flags).Where(p => p.GetMethod is { IsPublic: true }))
        {
            yield return ($"{TypeName(property.PropertyType)} {property.Name}", FirstSentence(Doc(property)));
        }
        foreach (var method in Methods(type))
        {
            if (method.DeclaringType == typeof(object) || method.Name is "Equals" or "GetHashCode" or "ToString" or "Deconstruct" or "PrintMembers" or "<Clone>$") continue;
            yield return ($"{(method.IsStatic ? "static " : "")}{TypeName(method.ReturnType)} {Signature(method)}", FirstSentence(Doc(method)));
        }
    }

    private static IEnumerable<MethodInfo> Methods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null)
            .OrderBy(m => m.MetadataToken);

    private static string Signature(MethodInfo method)
    {
        var generic = method.IsGenericMethodDefinition ? $"<{string.Join(", ", method.GetGenericArguments().Select(a => a.Name))}>" : "";
        return $"{method.Name}{generic}({string.Join(", ", method.GetParameters().Select(Parameter))})";
    }

    private static string Parameter(ParameterInfo p)
    {
        var type = p.ParameterType.IsByRef ? (p.IsIn ? "in " : p.IsOut ? "out " : "ref ") + TypeName(p.ParameterType.GetElementType()!) : TypeName(p.ParameterType);
        if (p.GetCustomAttribute<ParamArrayAttribute>() is not null) type = "params " + type;
        var value = p.HasDefaultValue ? " = " + (p.DefaultValue switch { null => "null", string s => $"\"{s}\"", bool b => b ? "true" : "false", var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) }) : "";
        return $"{type} {p.Name}{value}";
    }

    /// <summary>C#-style type names: keywords, generics and nullables as written in source.</summary>
    private static string TypeName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner) return TypeName(inner) + "?";
        if (type.IsArray) return TypeName(type.GetElementType()!) + "[]";
        if (type.IsGenericParameter) return type.Name;
        if (type.IsGenericType)
        {
            var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
            return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>";
        }
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "bool",
            TypeCode.Int32 => "int",
            TypeCode.UInt32 => "uint",
            TypeCode.Int64 => "long",
            TypeCode.UInt64 => "ulong",
            TypeCode.Double => "double",
            TypeCode.String => "string",
            TypeCode.Byte => "byte",
            TypeCode.Int16 => "short",
            TypeCode.UInt16 => "ushort",
            TypeCode.Char => "char",
            _ => type == typeof(void) ? "void" : type == typeof(object) ? "object" : type.Name,
        };
    }

    private string Doc(MemberInfo member) => _docs.TryGetValue(DocId(member), out var doc) ? doc : "";

    /// <summary>The C# compiler's documentation id of a member (ECMA-334 annex D).</summary>
    private static string DocId(MemberInfo member) => member switch
    {
        Type t => "T:" + DocType(t, inSignature: false),
        FieldInfo f => $"F:{DocType(f.DeclaringType!, false)}.{f.Name}",
        PropertyInfo p => $"P:{DocType(p.DeclaringType!, false)}.{p.Name}",
        MethodInfo m => $"M:{DocType(m.DeclaringType!, false)}.{m.Name}{(m.IsGenericMethodDefinition ? "``" + m.GetGenericArguments().Length : "")}"
            + (m.GetParameters().Length == 0 ? "" : $"({string.Join(",", m.GetParameters().Select(p => DocType(p.ParameterType, true)))})"),
        _ => "",
    };

    private static string DocType(Type type, bool inSignature)
    {
        if (type.IsByRef) return DocType(type.GetElementType()!, inSignature) + "@";
        if (type.IsArray) return DocType(type.GetElementType()!, inSignature) + "[]";
        if (type.IsGenericParameter) return (type.DeclaringMethod is not null ? "``" : "`") + type.GenericParameterPosition;
        var name = type.IsNested ? DocType(type.DeclaringType!, false) + "." + type.Name : type.Namespace + "." + type.Name;
        if (type.IsGenericType && inSignature)
        {
            return name[..name.IndexOf('`', StringComparison.Ordinal)] + "{" + string.Join(",", type.GetGenericArguments().Select(a => DocType(a, true))) + "}";
        }
        return name;
    }

    private static string Flatten(XElement summary)
    {
        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" or "seealso" } e => e.Attribute("cref")?.Value is { } cref ? "`" + ShortCref(cref) + "`" : e.Attribute("langword")?.Value ?? e.Value,
                XElement { Name.LocalName: "paramref" or "typeparamref" } e => "`" + e.Attribute("name")?.Value + "`",
                XElement { Name.LocalName: "c" } e => "`" + e.Value + "`",
                XElement e => e.Value,
                _ => "",
            });
        }
        return Spaces().Replace(text.ToString(), " ").Trim();
    }

    private static string ShortCref(string cref)
    {
        var body = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        var paren = body.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0) body = body[..paren];
        var parts = body.Split('.');
        return parts.Length >= 2 && cref.StartsWith("T:", StringComparison.Ordinal) ? parts[^1] : string.Join('.', parts.TakeLast(2));
    }

    private static string FirstSentence(string text)
    {
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        var sentence = end < 0 ? text : text[..(end + 1)];
        return sentence.Length <= 240 ? sentence : sentence[..239] + "…";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
