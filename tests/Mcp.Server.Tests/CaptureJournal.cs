using Market.Core.Feeds;
using Market.Core.Feeds.Capture;
using Market.Core.Journal;

namespace Mcp.Server.Tests;

/// <summary>A temporary data directory holding the Coinbase capture replayed into a real journal: {data}/dev/coinbase.</summary>
internal sealed class CaptureJournal : IDisposable
{
    public const string Feed = "coinbase";
    public const string Env = "dev";

    private CaptureJournal(string dataDirectory, CaptureReplaySummary summary)
    {
        DataDirectory = dataDirectory;
        Summary = summary;
    }

    public string DataDirectory { get; }

    public CaptureReplaySummary Summary { get; }

    public string JournalDirectory => MmapJournal.PathFor(DataDirectory, Env, Feed);

    public static string CapturePath
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Agents.sln"))) dir = dir.Parent;
            if (dir is null) throw new InvalidOperationException($"no directory above {AppContext.BaseDirectory} holds Agents.sln; run the tests from the repository");
            var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "coinbase_advanced_trade_ws.jsonl"));
            return File.Exists(path) ? path : throw new FileNotFoundException($"the capture is missing: expected at {path} (the shared data folder next to the repository)", path);
        }
    }

    public static string RepositoryDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Agents.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Agents.sln not found above the test binaries");
        }
    }

    public static async Task<CaptureJournal> CreateAsync()
    {
        var data = Path.Combine(Path.GetTempPath(), $"dw-mcp-{Guid.NewGuid():N}");
        var directory = MmapJournal.PathFor(data, Env, Feed);
        using var journal = MmapJournal.Open(directory, create: true);
        using var writer = journal.OpenWriter();
        using var deadLetters = new DeadLetterStore(directory, Feed);
        var summary = await new CaptureReplayer().ReplayAsync(CapturePath, CaptureVenue.Coinbase, new JournalEventSink(writer), deadLetters, null, writer.Commit);
        writer.Commit();
        return new CaptureJournal(data, summary);
    }

    public MmapJournal Open() => MmapJournal.Open(JournalDirectory);

    public void Dispose()
    {
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a child process may still hold a file for a moment; the temp folder is cleaned eventually
        }
    }
}
