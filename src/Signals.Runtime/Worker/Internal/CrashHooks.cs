using System.Globalization;
using System.Runtime.CompilerServices;
using Signals.Runtime.Evaluation;

namespace Signals.Runtime.Worker.Internal;

/// <summary>
/// Trusted, test-only crashes: signal code cannot overflow the stack (fuel bounds depth) or call
/// <see cref="Environment.FailFast(string)"/> (the allowlist), so to test that the host survives them
/// the worker crashes itself inside a named signal's call, as if the signal had. Accepted only when
/// the worker's environment sets <c>DEEPWATER_WORKER_TEST_HOOKS=1</c>.
/// </summary>
internal sealed class CrashHooks(CrashSlot slot, IReadOnlyDictionary<string, CrashHooks.Plan> plans) : ISignalCallObserver
{
    private Plan?[] _byTag = [];

    /// <summary>Parses <c>signal:kind[:calls]</c>: crash on the call after the first <c>calls</c> (default 0) of that signal.</summary>
    public static Plan Parse(string spec)
    {
        var parts = spec.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0) throw new FormatException($"--test-crash '{spec}': expected signal:kind[:calls]");
        var kind = parts[1] switch
        {
            "stackoverflow" => CrashKind.StackOverflow,
            "failfast" => CrashKind.FailFast,
            "oom" => CrashKind.OutOfMemory,
            _ => throw new FormatException($"--test-crash '{spec}': kind is stackoverflow, failfast or oom"),
        };
        var after = parts.Length == 3 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 0;
        return new Plan(parts[0], kind, after);
    }

    public void Loaded(string name, int tag)
    {
        if (!plans.TryGetValue(name, out var plan) || tag < 0) return;
        if (tag >= _byTag.Length) Array.Resize(ref _byTag, tag + 1);
        _byTag[tag] = plan;
    }

    public void Entering(int tag)
    {
        slot.Entering(tag);
        if ((uint)tag < (uint)_byTag.Length && _byTag[tag] is { } plan && ++plan.Calls > plan.AfterCalls) Crash(plan);
    }

    public void Left() => slot.Left();

    private static void Crash(Plan plan)
    {
        switch (plan.Kind)
        {
            case CrashKind.StackOverflow:
                Recurse(0);
                break;
            case CrashKind.FailFast:
                Environment.FailFast($"test hook: FailFast in signal {plan.Signal}");
                break;
            default:
                var hog = new List<byte[]>();
                while (true) hog.Add(new byte[1 << 20]);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)]
    private static int Recurse(int depth)
    {
        Span<byte> frame = stackalloc byte[128];
        frame[0] = (byte)depth;
        return Recurse(depth + 1) + frame[0];
    }

    internal enum CrashKind
    {
        StackOverflow,
        FailFast,
        OutOfMemory,
    }

    internal sealed record Plan(string Signal, CrashKind Kind, int AfterCalls)
    {
        public int Calls;
    }
}
