using System.Numerics;
using Signals.Library.Internal;

namespace Signals.Library;

/// <summary>
/// Prices and quantities as <see cref="long"/> values at scale 1e-9: the stored long 1 means
/// 0.000000001. Parsing and formatting are exact; nothing passes through double or decimal, so
/// <c>Parse(Format(v)) == v</c> for every long.
/// </summary>
public static class FixedPoint
{
    /// <summary>The stored value of 1 unit.</summary>
    public const long Scale = 1_000_000_000;

    /// <summary>Decimal places the scale holds.</summary>
    public const int Decimals = 9;

    // "-9223372036.854775808": sign, 10 integer digits, dot, 9 decimals.
    private const int MaxFormattedLength = 21;

    /// <summary>
    /// Parses a decimal such as <c>43125.67</c>, <c>-2.5</c>, <c>.5</c> or <c>1.5e-7</c>: an optional
    /// sign, digits with at most one dot, and an optional exponent. Fails on anything else (spaces
    /// included), on values outside the long range, and on non-zero digits below 1e-9.
    /// </summary>
    /// <param name="s">The text, with nothing around the number.</param>
    /// <param name="value">The value at scale 1e-9, or 0 on failure.</param>
    /// <returns>Whether <paramref name="s"/> is a number representable exactly.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out long value)
        => FixedPointParser.Parse(s, out value) == FixedPointParser.Result.Ok;

    /// <summary>Parses UTF-8 text by the rules of <see cref="TryParse(ReadOnlySpan{char}, out long)"/>.</summary>
    /// <param name="utf8">The UTF-8 bytes, with nothing around the number.</param>
    /// <param name="value">The value at scale 1e-9, or 0 on failure.</param>
    /// <returns>Whether <paramref name="utf8"/> is a number representable exactly.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out long value)
        => FixedPointParser.Parse(utf8, out value) == FixedPointParser.Result.Ok;

    /// <summary>Parses by the rules of <see cref="TryParse(ReadOnlySpan{char}, out long)"/>, throwing on failure.</summary>
    /// <param name="s">The text, with nothing around the number.</param>
    /// <returns>The value at scale 1e-9.</returns>
    /// <exception cref="FormatException">The text is not a number, is out of range, or is too precise; the message says which.</exception>
    public static long Parse(ReadOnlySpan<char> s)
    {
        var reason = FixedPointParser.Parse(s, out var value) switch
        {
            FixedPointParser.Result.Ok => null,
            FixedPointParser.Result.Overflow => "it is outside the range of a long at scale 1e-9 (about ±9.2e9)",
            FixedPointParser.Result.TooPrecise => "it has non-zero digits beyond 9 decimal places",
            _ => "it is not a decimal number",
        };
        return reason is null ? value : throw new FormatException($"Cannot parse \"{s}\" as a fixed-point number: {reason}.");
    }

    /// <summary>Formats exactly, invariantly and as briefly as possible: <c>0</c>, <c>-1</c>, <c>123.456</c>, <c>0.000000001</c>.</summary>
    /// <param name="value">The value at scale 1e-9.</param>
    /// <returns>The decimal text, with no exponent and no trailing fractional zeros.</returns>
    public static string Format(long value)
    {
        Span<char> buffer = stackalloc char[MaxFormattedLength];
        TryFormatCore(value, buffer, out var written);
        return new string(buffer[..written]);
    }

    /// <summary>Formats as <see cref="Format(long)"/> does, into a caller's buffer.</summary>
    /// <param name="value">The value at scale 1e-9.</param>
    /// <param name="destination">Where to write; 21 characters always suffice.</param>
    /// <param name="written">Characters written, or 0 if the buffer was too small.</param>
    /// <returns>Whether the text fit.</returns>
    public static bool TryFormat(long value, Span<char> destination, out int written)
        => TryFormatCore(value, destination, out written);

    /// <summary>Formats as <see cref="Format(long)"/> does, as UTF-8.</summary>
    /// <param name="value">The value at scale 1e-9.</param>
    /// <param name="utf8">Where to write; 21 bytes always suffice.</param>
    /// <param name="written">Bytes written, or 0 if the buffer was too small.</param>
    /// <returns>Whether the text fit.</returns>
    public static bool TryFormat(long value, Span<byte> utf8, out int written)
        => TryFormatCore(value, utf8, out written);

    /// <summary>Converts whole units, such as a share count, to scale 1e-9.</summary>
    /// <param name="units">Whole units.</param>
    /// <returns><paramref name="units"/> × <see cref="Scale"/>.</returns>
    /// <exception cref="OverflowException">The result is outside the long range.</exception>
    public static long FromInteger(long units) => checked(units * Scale);

    /// <summary>Converts cents, the unit of Kalshi prices, to scale 1e-9: 1 cent is 0.01.</summary>
    /// <param name="cents">Hundredths of a unit.</param>
    /// <returns>The value at scale 1e-9.</returns>
    /// <exception cref="OverflowException">The result is outside the long range.</exception>
    public static long FromCents(long cents) => checked(cents * (Scale / 100));

    /// <summary>
    /// The nearest double, for display and indicators only: doubles cannot hold most decimals
    /// exactly, so never store, compare or sum prices this way.
    /// </summary>
    /// <param name="value">The value at scale 1e-9.</param>
    /// <returns>Approximately <paramref name="value"/> / 1e9.</returns>
    public static double ToDouble(long value) => value / (double)Scale;

    private static bool TryFormatCore<T>(long value, Span<T> destination, out int written)
        where T : unmanaged, IBinaryInteger<T>
    {
        // Negating through ulong is what lets long.MinValue format without overflow.
        var magnitude = value < 0 ? 0UL - (ulong)value : (ulong)value;
        var whole = magnitude / Scale;
        var fraction = magnitude % Scale;
        var fractionDigits = fraction == 0 ? 0 : Decimals;
        while (fraction != 0 && fraction % 10 == 0)
        {
            fraction /= 10;
            fractionDigits--;
        }

        var wholeDigits = Digits.Count(whole);
        var sign = value < 0 ? 1 : 0;
        var length = sign + wholeDigits + (fractionDigits == 0 ? 0 : 1 + fractionDigits);
        if (destination.Length < length)
        {
            written = 0;
            return false;
        }

        if (sign == 1)
        {
            destination[0] = Digits.Unit<T>('-');
        }

        Digits.Write(destination.Slice(sign, wholeDigits), whole);
        if (fractionDigits != 0)
        {
            destination[sign + wholeDigits] = Digits.Unit<T>('.');
            Digits.Write(destination.Slice(sign + wholeDigits + 1, fractionDigits), fraction);
        }

        written = length;
        return true;
    }
}
