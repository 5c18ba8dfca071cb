using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Signals.Library;
using Signals.Runtime.Evaluation;

namespace Signals.Runtime.Worker.Internal;

/// <summary>
/// One worker process: its pipes, the thread that reads its replies into the FIFO of pending
/// requests, the stderr pump that forwards its log lines and notes crash hints, and a liveness
/// timer that kills it when nothing comes back for the reply timeout.
/// </summary>
internal sealed partial class WorkerConnection : IDisposable
{
    private const int MaxRawLines = 200;

    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly Lock _writeLock = new();
    private readonly ConcurrentQueue<Pending> _pending = new();
    private readonly Thread _reader;
    private readonly Task _stderr;
    private readonly Timer _liveness;
    private readonly ILogger _logger;
    private readonly Action<string, string> _quarantined;
    private readonly TimeSpan _timeout;
    private long _lastProgress = Stopwatch.GetTimestamp();
    private int _rawLines;
    private bool _failFastNext;
    private volatile bool _dead;
    private volatile bool _shuttingDown;

    private WorkerConnection(Process process, WorkerOptions options, ILogger logger, Action<string, string> quarantined)
    {
        _process = process;
        _stdin = process.StandardInput.BaseStream;
        _logger = logger;
        _quarantined = quarantined;
        _timeout = options.ReplyTimeout;
        Pid = process.Id;
        _stderr = Task.Run(PumpStderr);
        _reader = new Thread(ReadReplies) { IsBackground = true, Name = $"signal worker {Pid} reader" };
        _reader.Start();
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 50, _timeout.Ticks / 4));
        _liveness = new Timer(_ => CheckLiveness(), null, period, period);
    }

    public int Pid { get; }

    public bool IsDead => _dead;

    /// <summary>Set when the liveness timer killed the worker.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>What the worker's stderr said about its death: stack overflow, FailFast (with its message), out of memory.</summary>
    public string? CrashHint { get; private set; }

    public static WorkerConnection Start(WorkerOptions options, string slotPath, ILogger logger, Action<string, string> quarantined)
    {
        var info = WorkerLauncher.StartInfo(options, slotPath);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start the signal worker ({info.FileName})");
        return new WorkerConnection(process, options, logger, quarantined);
    }

    /// <summary>
    /// Sends a frame, registering its reply first so the reader can match it. False when the worker
    /// is dead or its stdin broke; the pending reply then fails (at once, or when the reader sees the end).
    /// </summary>
    public bool Send(ReadOnlySpan<byte> frame, Pending? pending)
    {
        lock (_writeLock)
        {
            if (_dead)
            {
                pending?.Fail(new WorkerDiedException("the worker is dead"));
                return false;
            }
            if (pending is not null)
            {
                if (_pending.IsEmpty) Volatile.Write(ref _lastProgress, Stopwatch.GetTimestamp());
                _pending.Enqueue(pending);
            }
            try
            {
                _stdin.Write(frame);
                _stdin.Flush();
                return true;
            }
            catch (IOException)
            {
                // Dying or dead: make sure it is, so its output ends and the reader fails what is pending.
                Kill();
                return false;
            }
        }
    }

    /// <summary>Waits for a reply; false when the worker died (or was killed for not answering) first.</summary>
    public static bool Wait(Pending pending)
    {
        try
        {
            pending.Done.Wait();
            return true;
        }
        catch (AggregateException ex) when (ex.InnerException is WorkerDiedException)
        {
            return false;
        }
    }

    /// <summary>Waits for the process to end (killing it if it does not) and for its stderr to drain.</summary>
    /// <returns>The exit code.</returns>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) Kill();
        _process.WaitForExit();
        _stderr.Wait(timeout);
        _reader.Join(timeout);
        return _process.ExitCode;
    }

    /// <summary>Asks the worker to exit and closes its stdin.</summary>
    public void Shutdown()
    {
        _shuttingDown = true;
        var frame = new FrameBuffer(16);
        frame.Begin(FrameType.Shutdown);
        frame.End();
        if (!Send(frame.Written, null)) return;
        lock (_writeLock)
        {
            try
            {
                _stdin.Dispose();
            }
            catch (IOException)
            {
                // Already gone: nothing to close.
            }
        }
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public void Dispose()
    {
        _liveness.Dispose();
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }

    private void CheckLiveness()
    {
        if (_dead || _pending.IsEmpty) return;
        if (Stopwatch.GetElapsedTime(Volatile.Read(ref _lastProgress)) <= _timeout) return;
        TimedOut = true;
        Log.Unresponsive(_logger, Pid, _timeout);
        Kill();
    }

    private void Died(string why)
    {
        lock (_writeLock) _dead = true;
        if (_shuttingDown) Log.Exited(_logger, Pid);
        else Log.Gone(_logger, Pid, why);
        var exception = new WorkerDiedException(why);
        while (_pending.TryDequeue(out var pending)) pending.Fail(exception);
    }

    private async Task PumpStderr()
    {
        var error = _process.StandardError;
        while (await error.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.Length > 2 && line[1] == '|' && line[0] is >= '0' and <= '6')
            {
                Log.Line(_logger, (LogLevel)(line[0] - '0'), Pid, line[2..]);
                continue;
            }
            // The runtime's own words as it dies; FailFast puts its message on the next line.
            if (_failFastNext)
            {
                CrashHint = "FailFast: " + line.Trim();
                _failFastNext = false;
            }
            else if (CrashHint is null)
            {
                if (line.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase)) CrashHint = "stack overflow";
                else if (line.Contains("OutOfMemory", StringComparison.Ordinal)) CrashHint = "out of memory";
                else if (line.StartsWith("Process terminated.", StringComparison.Ordinal))
                {
                    var message = line["Process terminated.".Length..].Trim();
                    CrashHint = message.Length == 0 ? "FailFast" : "FailFast: " + message;
                    _failFastNext = message.Length == 0;
                }
            }
            if (++_rawLines <= MaxRawLines) Log.Line(_logger, LogLevel.Warning, Pid, line);
        }
    }

    private void ReadReplies()
    {
        var stream = new FrameStream(new BufferedStream(_process.StandardOutput.BaseStream, 1 << 16));
        try
        {
            while (stream.TryRead(out var type, out var body))
            {
                Volatile.Write(ref _lastProgress, Stopwatch.GetTimestamp());
                Handle(type, body);
            }
            Died("the worker closed its output");
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ObjectDisposedException or ArgumentOutOfRangeException)
        {
            // A broken reply is as bad as a dead worker: kill it so the host restarts it.
            Kill();
            Died($"the worker's output broke: {ex.Message}");
        }
    }

    private void Handle(FrameType type, ReadOnlySpan<byte> body)
    {
        var reader = new FrameReader(body);
        if (type == FrameType.Quarantined)
        {
            _quarantined(reader.ReadString(), reader.ReadString());
            return;
        }
        var expected = type == FrameType.Fires ? FrameType.Ack : type;
        if (!_pending.TryPeek(out var head) || head.Reply != expected) throw new InvalidDataException($"unexpected reply {type}");
        switch (type)
        {
            case FrameType.Fires:
                if (reader.ReadInt64() != head.Batch) throw new InvalidDataException("fires of another batch");
                var count = reader.ReadInt32();
                var fires = head.Fires ??= new List<SignalFire>(count);
                for (var i = 0; i < count; i++) fires.Add(WireCodec.ReadFire(ref reader));
                return;
            case FrameType.Ack:
                if (reader.ReadInt64() != head.Batch) throw new InvalidDataException("an ack of another batch");
                head.Result = reader.ReadInt64();
                break;
            case FrameType.Ready:
                head.Result = reader.ReadInt32();
                break;
            case FrameType.Loaded:
                head.Result = (reader.ReadString(), reader.ReadByte() != 0, reader.ReadNullableString());
                break;
            case FrameType.Unloaded:
                reader.ReadString();
                head.Result = reader.ReadByte() != 0 ? WireCodec.ReadStatus(ref reader) : null;
                break;
            case FrameType.Statuses:
                var statuses = new SignalStatus[reader.ReadInt32()];
                for (var i = 0; i < statuses.Length; i++) statuses[i] = WireCodec.ReadStatus(ref reader);
                head.Result = statuses;
                break;
            default:
                throw new InvalidDataException($"unknown reply {type}");
        }
        _pending.TryDequeue(out _);
        head.Complete();
    }

    private static partial class Log
    {
        [LoggerMessage(101, LogLevel.Error, "Signal worker {Pid} answered nothing for {Timeout}; killing it")]
        public static partial void Unresponsive(ILogger logger, int pid, TimeSpan timeout);

        [LoggerMessage(103, LogLevel.Warning, "Signal worker {Pid} is gone: {Why}")]
        public static partial void Gone(ILogger logger, int pid, string why);

        [LoggerMessage(104, LogLevel.Debug, "Signal worker {Pid} exited")]
        public static partial void Exited(ILogger logger, int pid);

        [LoggerMessage(EventId = 102, Message = "[worker {Pid}] {Line}")]
        public static partial void Line(ILogger logger, LogLevel level, int pid, string line);
    }
}
