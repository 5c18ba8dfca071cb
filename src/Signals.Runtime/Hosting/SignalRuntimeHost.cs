using Market.Core.Bus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signals.Runtime.Compilation;
using Signals.Runtime.Deployment;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Fires;
using Signals.Runtime.Live;
using Signals.Runtime.Worker;

namespace Signals.Runtime.Hosting;

/// <summary>
/// The signal runtime, whole: the signals repository and its watcher, the sandboxed compiler, the
/// deployer, the evaluator driven live from the feed journals, and the fire path (signal journal,
/// bus, log, webhooks). Start deploys HEAD, then every new commit is deployed as it lands.
/// </summary>
public sealed class SignalRuntimeHost : IAsyncDisposable
{
    private readonly SignalRuntimeOptions _options;
    private readonly IBus? _bus;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private SignalJournal? _journal;
    private FirePublisher? _publisher;
    private readonly List<WebhookFireAction> _webhooks = [];
    private SignalEvaluator? _evaluator;
    private ILiveDriver? _driver;
    private SignalRepositoryWatcher? _watcher;
    private RuntimeStatusService? _statusService;
    private SignalHistoryService? _historyService;

    /// <summary>Creates a stopped runtime.</summary>
    /// <param name="options">What to run; validated here.</param>
    /// <param name="bus">Where fires are published; null for none.</param>
    /// <param name="loggers">Loggers; null for none.</param>
    public SignalRuntimeHost(SignalRuntimeOptions options, IBus? bus = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
        if (_options.FeedsFromBus && bus is null) throw new ArgumentException("following the feeds on the bus needs a bus", nameof(bus));
        _bus = bus;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<SignalRuntimeHost>();
    }

    /// <summary>The repository; null before start.</summary>
    public SignalRepository? Repository { get; private set; }

    /// <summary>The deployer; null before start.</summary>
    public SignalDeployer? Deployer { get; private set; }

    /// <summary>The evaluator; null before start.</summary>
    public SignalEvaluator? Evaluator => _evaluator;

    /// <summary>The signal journal; null before start.</summary>
    public SignalJournal? Journal => _journal;

    /// <summary>The compiler (shared with drafts and backtests so its cache is too).</summary>
    public SignalCompiler Compiler { get; } = new();

    /// <summary>Opens everything, deploys HEAD and starts following the feeds and the repository.</summary>
    /// <param name="cancellationToken">Stops the first deployment.</param>
    /// <returns>The first deployment's report, or null when the repository has no commit yet.</returns>
    public async Task<DeploymentReport?> StartAsync(CancellationToken cancellationToken = default)
    {
        if (_evaluator is not null) throw new InvalidOperationException("the runtime is already started");
        Repository = SignalRepository.Open(_options.SignalsDirectory, _options.InitializeRepository);
        _journal = SignalJournal.Open(_options.DataDirectory, _options.Environment);
        var sinks = new List<IFireSink> { _journal, new LogFireAction(_loggers.CreateLogger<LogFireAction>()) };
        if (_bus is not null)
        {
            _publisher = new FirePublisher(_bus, _options.Environment);
            _publisher.Follow(_journal);
        }
        foreach (var webhook in _options.Webhooks)
        {
            var action = new WebhookFireAction(webhook);
            _webhooks.Add(action);
            sinks.Add(action);
        }
        // One sink for both hosts: the worker's fires are delivered on the driver's thread too, so the journal has one writer.
        var fireSink = new CompositeFireSink([.. sinks]);
        _evaluator = new SignalEvaluator(fireSink, _options.Evaluator, _loggers.CreateLogger<SignalEvaluator>());
        _driver = _options.FeedsFromBus
            ? new BusEventDriver(_evaluator, _bus!, _options.Environment, _options.FromStart)
            : new JournalTailDriver(_evaluator, _options.DataDirectory, _options.Environment, _options.FromStart,
                startWorker: () => WorkerSignalHost.Start(fireSink, _options.Worker, _loggers.CreateLogger<WorkerSignalHost>()));
        var warmup = _options.Warmup > TimeSpan.Zero ? new Warmup(new JournalWarmupSource(_driver.JournalOf), _options.Warmup) : null;
        Deployer = new SignalDeployer(Repository, Compiler, _evaluator, warmup,
            name => _options.Parameters.TryGetValue(name, out var p) ? p : null, _loggers.CreateLogger<SignalDeployer>(),
            _options.Isolation, _driver);
        // Feeds wait for HEAD's signals: a backfill (FromStart) would otherwise run ahead of them.
        _driver.Start(holdFeeds: true);
        DeploymentReport? first = null;
        try
        {
            if (Repository.Head() is { } head) first = await Deployer.DeployAsync(head, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _driver.ReleaseFeeds();
        }
        if (_bus is not null)
        {
            _statusService = new RuntimeStatusService(_bus, _options.Environment, Status);
            _historyService = new SignalHistoryService(_bus, _options.Environment, _journal.Journal);
        }
        _watcher = new SignalRepositoryWatcher(Repository);
        _watcher.HeadChanged += OnHeadChanged;
        return first;
    }

    /// <summary>
    /// Deployments and evaluator (or worker) statuses together, by signal name. Also answered on
    /// <c>{env}.svc.signals.status</c> when a bus is given (and the signal journal's fires on
    /// <c>{env}.svc.signals.history</c>, <see cref="SignalHistoryService"/>).
    /// </summary>
    /// <returns>One entry per signal the runtime knows.</returns>
    public IReadOnlyList<RuntimeSignalStatus> Status()
    {
        var deployments = Deployer?.Statuses() ?? [];
        var isolated = _driver?.Worker?.GetStatuses() ?? [];
        return [.. deployments.Select(d => new RuntimeSignalStatus(d, d.Isolation == SignalIsolation.Worker
            ? isolated.FirstOrDefault(s => s.Identity.Name == d.Name)
            : _evaluator?.GetStatus(d.Name)))];
    }

    /// <summary>Stops following, drains the fire path and closes the journals.</summary>
    /// <returns>A task that completes when everything is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_statusService is not null) await _statusService.DisposeAsync().ConfigureAwait(false);
        if (_historyService is not null) await _historyService.DisposeAsync().ConfigureAwait(false);
        if (_watcher is not null) await _watcher.DisposeAsync().ConfigureAwait(false);
        if (_driver is not null) await _driver.DisposeAsync().ConfigureAwait(false);
        _evaluator?.Dispose();
        if (_publisher is not null) await _publisher.DisposeAsync().ConfigureAwait(false);
        foreach (var webhook in _webhooks) await webhook.DisposeAsync().ConfigureAwait(false);
        _journal?.Dispose();
    }

    private void OnHeadChanged(string head)
    {
        // The watcher's thread waits for the deployment, so commits deploy one at a time, in order.
        try
        {
            Deployer!.DeployAsync(head).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is GitException or IOException or InvalidOperationException)
        {
            RuntimeLog.DeployFailed(_logger, head, e);
        }
    }
}

internal static partial class RuntimeLog
{
    [LoggerMessage(1, LogLevel.Error, "Deploying {Commit} failed")]
    public static partial void DeployFailed(ILogger logger, string commit, Exception error);
}
