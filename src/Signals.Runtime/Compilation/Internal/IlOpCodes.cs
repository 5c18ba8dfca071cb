using System.Reflection;
using System.Reflection.Emit;

namespace Signals.Runtime.Compilation.Internal;

/// <summary>Operand shapes of every IL opcode, read once from <see cref="OpCodes"/>, for walking method bodies.</summary>
internal static class IlOpCodes
{
    private static readonly OperandType?[] OneByte = new OperandType?[256];
    private static readonly OperandType?[] TwoByte = new OperandType?[256];

    static IlOpCodes()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is not OpCode op) continue;
            var value = (ushort)op.Value;
            if (op.Size == 1) OneByte[value] = op.OperandType;
            else TwoByte[value & 0xFF] = op.OperandType;
        }
    }

    /// <summary>The <c>calli</c> opcode: a call through a function pointer.</summary>
    public const ushort Calli = 0x29;

    /// <summary>Walks an IL body, calling <paramref name="onToken"/> for each metadata token operand with its opcode.</summary>
    /// <returns>False when the body holds an opcode this runtime does not know (it is then refused).</returns>
    public static bool Walk(ReadOnlySpan<byte> il, Action<ushort, int> onToken)
    {
        var i = 0;
        while (i < il.Length)
        {
            ushort code = il[i++];
            OperandType? operand;
            if (code == 0xFE)
            {
                if (i >= il.Length) return false;
                var second = il[i++];
                code = (ushort)(0xFE00 | second);
                operand = TwoByte[second];
            }
            else
            {
                operand = OneByte[code];
            }
            if (operand is not { } type) return false;
            switch (type)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    if (i + 4 > il.Length) return false;
                    var count = BitConverter.ToInt32(il.Slice(i, 4));
                    if (count < 0 || count > (il.Length - i) / 4) return false;
                    i += 4 + (4 * count);
                    break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineSig or OperandType.InlineTok or OperandType.InlineType:
                    if (i + 4 > il.Length) return false;
                    onToken(code, BitConverter.ToInt32(il.Slice(i, 4)));
                    i += 4;
                    break;
                default:
                    i += 4;
                    break;
            }
        }
        return i == il.Length;
    }
}
