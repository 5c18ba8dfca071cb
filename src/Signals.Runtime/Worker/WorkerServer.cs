using Microsoft.Extensions.Logging;
using Signals.Library;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Fires;
using Signals.Runtime.Loading;
using Signals.Runtime.Worker.Internal;

namespace Signals.Runtime.Worker;

/// <summary>
/// The worker process's side of sandbox layer 7: reads the host's frames on stdin, runs the signals
/// in its own <see cref="SignalEvaluator"/>, writes fires, acks and statuses on stdout and logs on
/// stderr. Before each call into a signal it records the signal's tag in the shared crash slot, so
/// after a stack overflow, a FailFast or running out of memory the host knows whom to quarantine.
/// </summary>
public sealed partial class WorkerServer : IFireSink, IDisposable
{
    /// <summary>The environment variable that must be <c>1</c> for <c>--test-crash</c> to be accepted.</summary>
    public const string TestHooksVariable = "DEEPWATER_WORKER_TEST_HOOKS";

    private readonly FrameStream _input;
    private readonly Stream _output;
    private readonly ISignalCallObserver _observer;
    private readonly CrashHooks? _hooks;
    private readonly TextWriter _log;
    private readonly FrameBuffer _out = new(256 * 1024);
    private readonly Dictionary<string, LoadedSignal> _loaded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _quarantined = new(StringComparer.Ordinal);
    private readonly List<FeedHandle> _feeds = [];
    private readonly List<WorkerSymbolTable> _symbols = [];
    private SignalEvaluator? _evaluator;
    private IReadOnlySet<string> _allowed = new HashSet<string>();
    private int _maxDepth = 256;
    private bool _muted;
    private int _fires;

    private WorkerServer(Stream input, Stream output, TextWriter log, ISignalCallObserver observer, CrashHooks? hooks)
    {
        _input = new FrameStream(input);
        _output = output;
        _log = log;
        _observer = observer;
        _hooks = hooks;
    }

    /// <summary>The worker's entry point: <c>--slot &lt;path&gt; [--test-crash signal:kind[:calls]]…</c>.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code: 0 after a shutdown or the end of input, 2 for a bad command line.</returns>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var error = Console.Error;
        string? slotPath = null;
        var plans = new Dictionary<string, CrashHooks.Plan>(StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--slot" when i + 1 < args.Length:
                        slotPath = args[++i];
                        break;
                    case "--test-crash" when i + 1 < args.Length:
                        var plan = CrashHooks.Parse(args[++i]);
                        plans[plan.Signal] = plan;
                        break;
                    default:
                        throw new FormatException($"unknown argument '{args[i]}'");
                }
            }
            if (slotPath is null) throw new FormatException("--slot <path> is required");
            if (plans.Count != 0 && Environment.GetEnvironmentVariable(TestHooksVariable) != "1")
            {
                throw new FormatException($"--test-crash is a test hook; it needs {TestHooksVariable}=1");
            }
        }
        catch (FormatException ex)
        {
            error.WriteLine($"{(int)LogLevel.Critical}|Signals.Worker: {ex.Message}");
            return 2;
        }

        using var slot = CrashSlot.Open(slotPath);
        // Any out-of-memory is fatal here: the culprit's memory goes only with the process, and the
        // slot already names the signal whose call was running.
        AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
        {
            if (e.Exception is not OutOfMemoryException) return;
            slot.MarkOutOfMemory();
            Environment.FailFast("Signals.Worker: out of memory");
        };
        var hooks = plans.Count == 0 ? null : new CrashHooks(slot, plans);
        using var input = new BufferedStream(Console.OpenStandardInput(), 1 << 20);
        using var output = Console.OpenStandardOutput();
        using var server = new WorkerServer(input, output, error, (ISignalCallObserver?)hooks ?? slot, hooks);
        server.Serve();
        return 0;
    }

    /// <inheritdoc/>
    public void OnFire(in SignalFire fire)
    {
        if (_muted) return;
        WireCodec.WriteFire(_out, in fire);
        _fires++;
    }

    /// <inheritdoc/>
    public void Dispose() => _evaluator?.Dispose();

    private SignalEvaluator Evaluator => _evaluator ?? throw new InvalidDataException("the host sent a request before Hello");

    private void Serve()
    {
        while (_input.TryRead(out var type, out var body))
        {
            var reader = new FrameReader(body);
            switch (type)
            {
                case FrameType.Hello:
                    Hello(ref reader);
                    break;
                case FrameType.LoadSignal:
                    LoadSignal(ref reader);
                    break;
                case FrameType.Unload:
                    Unload(ref reader);
                    break;
                case FrameType.RegisterFeed:
                    RegisterFeed(ref reader);
                    break;
                case FrameType.Symbol:
                    _symbols[reader.ReadInt32()].Add(reader.ReadUInt32(), reader.ReadString());
                    break;
                case FrameType.Events:
                    Events(body);
                    break;
                case FrameType.Status:
                    Statuses();
                    break;
                case FrameType.Shutdown:
                    return;
                default:
                    throw new InvalidDataException($"unknown frame type {type}");
            }
        }
    }

    private void Send()
    {
        _output.Write(_out.Written);
        _output.Flush();
        _out.Clear();
    }
}
