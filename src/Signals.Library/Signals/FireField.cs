using System.Globalization;

namespace Signals.Library;

/// <summary>What a <see cref="FireField"/> holds.</summary>
public enum FireFieldKind : byte
{
    /// <summary>A 64-bit float.</summary>
    Number = 1,

    /// <summary>A 64-bit integer (fixed-point values stay exact this way).</summary>
    Integer = 2,

    /// <summary>A short string.</summary>
    Text = 3,

    /// <summary>True or false.</summary>
    Flag = 4,
}

/// <summary>
/// One named, typed value attached to a fire, written as a tuple:
/// <c>context.Fire("spread blew out", ("spread_bps", spread), ("levels", 5))</c>.
/// </summary>
public readonly struct FireField : IEquatable<FireField>
{
    /// <summary>The longest field name, in characters.</summary>
    public const int MaxNameLength = 32;

    /// <summary>The longest text value, in characters.</summary>
    public const int MaxTextLength = 128;

    private readonly double _number;
    private readonly long _integer;
    private readonly string? _text;

    private FireField(string name, FireFieldKind kind, double number, long integer, string? text)
    {
        Name = name;
        Kind = kind;
        _number = number;
        _integer = integer;
        _text = text;
    }

    /// <summary>The field's name.</summary>
    public string Name { get; }

    /// <summary>Which value it holds.</summary>
    public FireFieldKind Kind { get; }

    /// <summary>The value as a double (integers and flags converted; text is NaN).</summary>
    public double Number => Kind switch
    {
        FireFieldKind.Number => _number,
        FireFieldKind.Integer or FireFieldKind.Flag => _integer,
        _ => double.NaN,
    };

    /// <summary>The integer (or flag as 0/1) value; 0 for other kinds.</summary>
    public long Integer => Kind is FireFieldKind.Integer or FireFieldKind.Flag ? _integer : 0;

    /// <summary>The text value; the invariant rendering of the value for other kinds.</summary>
    public string Text => Kind switch
    {
        FireFieldKind.Text => _text ?? "",
        FireFieldKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        FireFieldKind.Flag => _integer != 0 ? "true" : "false",
        _ => _number.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>A number field.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The field.</returns>
    public static FireField Of(string name, double value) => new(name, FireFieldKind.Number, value, 0, null);

    /// <summary>An integer field.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The field.</returns>
    public static FireField Of(string name, long value) => new(name, FireFieldKind.Integer, 0, value, null);

    /// <summary>A text field.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The field.</returns>
    public static FireField Of(string name, string value) => new(name, FireFieldKind.Text, 0, 0, value);

    /// <summary>A flag field.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The field.</returns>
    public static FireField Of(string name, bool value) => new(name, FireFieldKind.Flag, 0, value ? 1 : 0, null);

    /// <summary>A number field from a tuple.</summary>
    /// <param name="field">Name and value.</param>
    public static implicit operator FireField((string Name, double Value) field) => Of(field.Name, field.Value);

    /// <summary>An integer field from a tuple.</summary>
    /// <param name="field">Name and value.</param>
    public static implicit operator FireField((string Name, long Value) field) => Of(field.Name, field.Value);

    /// <summary>An integer field from a tuple.</summary>
    /// <param name="field">Name and value.</param>
    public static implicit operator FireField((string Name, int Value) field) => Of(field.Name, field.Value);

    /// <summary>A text field from a tuple.</summary>
    /// <param name="field">Name and value.</param>
    public static implicit operator FireField((string Name, string Value) field) => Of(field.Name, field.Value);

    /// <summary>A flag field from a tuple.</summary>
    /// <param name="field">Name and value.</param>
    public static implicit operator FireField((string Name, bool Value) field) => Of(field.Name, field.Value);

    /// <summary>Why this field cannot be recorded, or null when it can.</summary>
    /// <returns>A one-line reason naming the field.</returns>
    public string? Problem()
    {
        if (string.IsNullOrEmpty(Name)) return "a fire field needs a name";
        if (Name.Length > MaxNameLength) return $"fire field name '{Name[..MaxNameLength]}…' is longer than {MaxNameLength} characters";
        if (Kind == FireFieldKind.Text && (_text ?? "").Length > MaxTextLength) return $"fire field '{Name}' text is longer than {MaxTextLength} characters";
        if (Kind == FireFieldKind.Number && !double.IsFinite(_number)) return $"fire field '{Name}' is {_number}; numbers must be finite";
        return null;
    }

    /// <inheritdoc/>
    public bool Equals(FireField other) => Name == other.Name && Kind == other.Kind && _integer == other._integer
        && _number.Equals(other._number) && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FireField other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Kind, _number, _integer, _text);

    /// <summary><c>name=value</c>.</summary>
    /// <returns>The field as text.</returns>
    public override string ToString() => $"{Name}={Text}";

    /// <summary>Equality.</summary>
    /// <param name="left">One field.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(FireField left, FireField right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">One field.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(FireField left, FireField right) => !left.Equals(right);
}
