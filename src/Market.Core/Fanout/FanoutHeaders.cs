using System.Globalization;
using Market.Core.Bus;

namespace Market.Core.Fanout;

/// <summary>
/// Headers on every published record. The sequence rides outside the payload so a subscriber
/// merging replay with live can drop duplicates without decoding them.
/// </summary>
public static class FanoutHeaders
{
    /// <summary>The record's feed sequence, as invariant decimal text.</summary>
    public const string Sequence = "Deepwater-Seq";

    /// <summary>The feed the record belongs to.</summary>
    public const string Feed = "Deepwater-Feed";

    /// <summary>Headers for one record.</summary>
    public static BusHeaders Create(string feed, long sequence) => new()
    {
        [Sequence] = FormatSequence(sequence),
        [Feed] = feed,
    };

    /// <summary>Points <paramref name="headers"/> from <see cref="Create"/> at another record of the same feed.</summary>
    public static void SetSequence(BusHeaders headers, long sequence)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers[Sequence] = FormatSequence(sequence);
    }

    private static string FormatSequence(long sequence) => sequence.ToString(CultureInfo.InvariantCulture);

    /// <summary>The feed sequence carried by <paramref name="headers"/>; false if absent or malformed.</summary>
    public static bool TryGetSequence(BusHeaders? headers, out long sequence)
    {
        sequence = 0;
        return headers is not null
            && headers.TryGetValue(Sequence, out var text)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            && sequence >= 1;
    }
}
