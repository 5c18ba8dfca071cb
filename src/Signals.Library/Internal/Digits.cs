using System.Numerics;

namespace Signals.Library.Internal;

/// <summary>
/// ASCII digit reading and writing shared by the char and UTF-8 paths. Generic over the code unit
/// so one implementation serves both; the JIT specialises it per type, so nothing is boxed.
/// </summary>
internal static class Digits
{
    /// <summary>The value of <paramref name="unit"/> as a digit, or a number above 9 if it is not one.</summary>
    public static uint Value<T>(T unit)
        where T : unmanaged, IBinaryInteger<T>
        => uint.CreateTruncating(unit) - '0';

    /// <summary>Whether <paramref name="unit"/> is the ASCII character <paramref name="c"/>.</summary>
    public static bool Is<T>(T unit, char c)
        where T : unmanaged, IBinaryInteger<T>
        => uint.CreateTruncating(unit) == c;

    /// <summary>The ASCII character <paramref name="c"/> as a code unit.</summary>
    public static T Unit<T>(char c)
        where T : unmanaged, IBinaryInteger<T>
        => T.CreateTruncating(c);

    /// <summary>How many decimal digits <paramref name="value"/> needs; 1 for zero.</summary>
    public static int Count(ulong value)
    {
        var count = 1;
        while (value >= 10)
        {
            value /= 10;
            count++;
        }

        return count;
    }

    /// <summary>Writes <paramref name="value"/> into all of <paramref name="destination"/>, zero-padded on the left.</summary>
    public static void Write<T>(Span<T> destination, ulong value)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = T.CreateTruncating('0' + (uint)(value % 10));
            value /= 10;
        }
    }

    /// <summary>Reads a field of exactly <paramref name="s"/>.Length digits, such as a month or an hour.</summary>
    public static bool TryRead(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            var digit = Value(c);
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return s.Length > 0;
    }
}
