namespace Signals.Runtime.Deployment;

/// <summary>
/// Watches a signals repository for a new HEAD commit: a file-system watcher on the git directory
/// wakes it at once, a slow poll covers what the watcher misses, and a debounce waits for a burst
/// of git's file writes to settle. Raises <see cref="HeadChanged"/> once per new commit, on its
/// own thread.
/// </summary>
public sealed class SignalRepositoryWatcher : IAsyncDisposable
{
    private readonly SignalRepository _repository;
    private readonly TimeSpan _debounce;
    private readonly TimeSpan _poll;
    private readonly FileSystemWatcher _watcher;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private string? _head;

    /// <summary>Starts watching from the current HEAD (which is not reported).</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="debounce">Quiet time after a change before HEAD is read.</param>
    /// <param name="poll">How often HEAD is read without a change notice.</param>
    public SignalRepositoryWatcher(SignalRepository repository, TimeSpan? debounce = null, TimeSpan? poll = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
        _debounce = debounce ?? TimeSpan.FromMilliseconds(50);
        _poll = poll ?? TimeSpan.FromSeconds(2);
        _head = repository.Head();
        _watcher = new FileSystemWatcher(repository.GitDirectory())
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.DirectoryName,
        };
        FileSystemEventHandler changed = (_, e) =>
        {
            // Objects are written by the thousand; only refs and HEAD say a commit landed.
            if (!e.FullPath.Contains("objects", StringComparison.Ordinal)) _wake.Release();
        };
        _watcher.Changed += changed;
        _watcher.Created += changed;
        _watcher.Renamed += (_, _) => _wake.Release();
        _watcher.EnableRaisingEvents = true;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>A new HEAD: its SHA. Handlers run on the watcher's thread, one at a time.</summary>
    public event Action<string>? HeadChanged;

    /// <summary>The last HEAD seen.</summary>
    public string? Head => Volatile.Read(ref _head);

    /// <summary>The last error reading HEAD, or null.</summary>
    public string? LastError { get; private set; }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _watcher.Dispose();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _wake.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(_poll, token).ConfigureAwait(false);
                // Let the burst settle, then drain the wake-ups it caused.
                await Task.Delay(_debounce, token).ConfigureAwait(false);
                while (_wake.CurrentCount > 0) await _wake.WaitAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                var head = _repository.Head();
                LastError = null;
                if (head is null || head == _head) continue;
                Volatile.Write(ref _head, head);
                HeadChanged?.Invoke(head);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failing git or handler must not end the watch; the next change tries again.
                LastError = e.Message;
            }
        }
    }
}
