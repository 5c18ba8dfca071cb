using System.Globalization;
using System.Text;
using Signals.Library;
using Signals.Runtime.Fires;

namespace Deepwater.Cli.Signals;

/// <summary>Fires as text: one table row, or one JSON object per line (<see cref="FireJson"/>'s field names).</summary>
internal static class FireText
{
    public const string TableHeader = "time                            type              signal               feed/symbol            message";

    public static string Format(in SignalFire fire, bool json)
    {
        if (json) return Encoding.UTF8.GetString(FireJson.ToUtf8(fire));
        var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"{UnixNanos.Format(fire.TsEvent),-31} {TypeAndSide(fire),-17} {fire.Signal,-20} {fire.Feed + "/" + fire.Symbol,-22} {fire.Message}"));
        foreach (var field in fire.Fields) line.Append(' ').Append(field.Name).Append('=').Append(field.Text);
        return line.ToString();
    }

    /// <summary><c>alert</c>, <c>fire</c>, or <c>trade_signal:buy</c>.</summary>
    public static string TypeAndSide(in SignalFire fire) =>
        FireJson.TypeName(fire.Type) + (fire.Side == Side.None ? "" : fire.Side == Side.Buy ? ":buy" : ":sell");

    /// <summary>The fields as <c>k=v k=v</c>, for comparing and showing changes.</summary>
    public static string Fields(in SignalFire fire) => string.Join(' ', fire.Fields.Select(f => f.Name + "=" + f.Text));
}
