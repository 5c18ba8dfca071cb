using System.Numerics;

namespace Signals.Library.Internal;

/// <summary>
/// Exact decimal-to-<see cref="FixedPoint"/> parsing. Works on digit positions rather than on a
/// running value, so it never rounds: a number is accepted only if every non-zero digit lands at or
/// above the 1e-9 place and the leading digit stays within the 19 places a long can hold.
/// </summary>
internal static class FixedPointParser
{
    /// <summary>Why a parse failed, so <see cref="FixedPoint.Parse"/> can say so.</summary>
    public enum Result
    {
        /// <summary>Parsed exactly.</summary>
        Ok,

        /// <summary>Not a decimal number in the accepted grammar.</summary>
        NotANumber,

        /// <summary>A well-formed number outside the range of a long at scale 1e-9.</summary>
        Overflow,

        /// <summary>A well-formed number with a non-zero digit below 1e-9.</summary>
        TooPrecise,
    }

    // Exponents past this cannot yield a representable non-zero value; clamping keeps the position
    // arithmetic far from overflow even for inputs such as "1e99999999999999999999".
    private const long ExponentClamp = 100_000;

    public static Result Parse<T>(ReadOnlySpan<T> s, out long value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (i < s.Length && (Digits.Is(s[i], '-') || Digits.Is(s[i], '+')))
        {
            negative = Digits.Is(s[i], '-');
            i++;
        }

        // Digits are numbered by ordinal in the mantissa; their decimal place is fixed only once the
        // dot (or the end of the integer part) and the exponent are known.
        ulong mantissa = 0;
        var digitCount = 0;
        var integerDigits = -1;
        var firstNonZero = -1;
        var lastNonZero = -1;
        for (; i < s.Length; i++)
        {
            if (Digits.Is(s[i], '.'))
            {
                if (integerDigits >= 0)
                {
                    return Result.NotANumber;
                }

                integerDigits = digitCount;
                continue;
            }

            var digit = Digits.Value(s[i]);
            if (digit > 9)
            {
                break;
            }

            // Zeros are not accumulated as they arrive: trailing ones ("0.00012000") never touch the
            // mantissa, and inner ones are applied with the next non-zero digit. A non-zero digit 19
            // or more places after the first cannot be exact in a long, and the place checks below
            // reject it, so past that point the mantissa stops growing instead of overflowing.
            if (digit != 0)
            {
                if (firstNonZero < 0)
                {
                    firstNonZero = digitCount;
                    mantissa = digit;
                }
                else if (digitCount - firstNonZero < 19)
                {
                    mantissa = (mantissa * Pow10(digitCount - lastNonZero)) + digit;
                }

                lastNonZero = digitCount;
            }

            digitCount++;
        }

        if (digitCount == 0)
        {
            return Result.NotANumber;
        }

        if (integerDigits < 0)
        {
            integerDigits = digitCount;
        }

        if (!TryParseExponent(s[i..], out var exponent))
        {
            return Result.NotANumber;
        }

        if (firstNonZero < 0)
        {
            return Result.Ok;
        }

        // Places after scaling by 1e9: 0 is the units of the stored long.
        var lastPlace = integerDigits - 1 - lastNonZero + exponent + FixedPoint.Decimals;
        var firstPlace = integerDigits - 1 - firstNonZero + exponent + FixedPoint.Decimals;
        if (lastPlace < 0)
        {
            return Result.TooPrecise;
        }

        if (firstPlace > 18)
        {
            return Result.Overflow;
        }

        // Both places are in 0..18 here, so the product stays below 1e19 and fits a ulong.
        var magnitude = mantissa * Pow10((int)lastPlace);
        var limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        if (magnitude > limit)
        {
            return Result.Overflow;
        }

        value = negative ? (long)(0UL - magnitude) : (long)magnitude;
        return Result.Ok;
    }

    private static bool TryParseExponent<T>(ReadOnlySpan<T> s, out long exponent)
        where T : unmanaged, IBinaryInteger<T>
    {
        exponent = 0;
        if (s.IsEmpty)
        {
            return true;
        }

        if (!Digits.Is(s[0], 'e') && !Digits.Is(s[0], 'E'))
        {
            return false;
        }

        var i = 1;
        var negative = false;
        if (i < s.Length && (Digits.Is(s[i], '-') || Digits.Is(s[i], '+')))
        {
            negative = Digits.Is(s[i], '-');
            i++;
        }

        if (i == s.Length)
        {
            return false;
        }

        for (; i < s.Length; i++)
        {
            var digit = Digits.Value(s[i]);
            if (digit > 9)
            {
                return false;
            }

            exponent = Math.Min((exponent * 10) + digit, ExponentClamp);
        }

        if (negative)
        {
            exponent = -exponent;
        }

        return true;
    }

    private static ulong Pow10(int exponent)
    {
        ulong result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
