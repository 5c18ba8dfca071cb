using System.Buffers;
using System.Net.Sockets;

namespace Market.Core.Bus.Nats.Internal;

/// <summary>
/// One socket to one server, used only with blocking calls: its own thread handshakes and then
/// reads; the connection's writer thread writes. A socket never used asynchronously stays in
/// blocking mode, so a read is one system call that the kernel wakes when bytes arrive.
/// </summary>
internal sealed class NatsTransport(NatsServerAddress server, Socket socket)
{
    private readonly CancellationTokenSource _closing = new();
    private readonly ManualResetEventSlim _started = new();
    private int _closed;

    public NatsServerAddress Server { get; } = server;

    public Socket Socket { get; } = socket;

    /// <summary>The socket's stream: plain, or TLS after the upgrade.</summary>
    public Stream Stream { get; set; } = null!;

    /// <summary>What the server sent and the parser has not consumed.</summary>
    public NatsInput Input { get; set; } = null!;

    /// <summary>Cancelled when the transport is closed.</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>Completes (or faults with why) when the read loop on the transport's thread ends.</summary>
    public Task Reading { get; set; } = Task.CompletedTask;

    /// <summary>Completed by the supervisor once a newer transport (or none) replaces this one.</summary>
    public TaskCompletionSource Replaced { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Why the transport was closed, when the client closed it (stale, lame duck, fatal -ERR).</summary>
    public string? CloseReason { get; private set; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Lets the read loop start: the connection has installed this transport.</summary>
    public void Start() => _started.Set();

    /// <summary>Blocks the transport's thread until <see cref="Start"/>; false when closed first.</summary>
    public bool WaitUntilStarted()
    {
        _started.Wait();
        return !IsClosed;
    }

    /// <summary>Writes a batch with blocking calls, one per segment (segments are 64 KiB).</summary>
    public void Write(ReadOnlySequence<byte> batch)
    {
        foreach (var segment in batch) Stream.Write(segment.Span);
        Stream.Flush();
    }

    /// <summary>
    /// Closes the socket; idempotent. Blocked reads and writes on other threads fail at once.
    /// The reason, if given, is reported with the disconnect.
    /// </summary>
    public void Close(string? reason = null)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        CloseReason = reason;
        try { _closing.Cancel(); }
        catch (ObjectDisposedException) { }
        _started.Set();
        try { Socket.Shutdown(SocketShutdown.Both); }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
        Stream?.Dispose();
        Socket.Dispose();
    }
}
