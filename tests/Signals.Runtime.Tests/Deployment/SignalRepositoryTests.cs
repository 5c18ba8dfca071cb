using Signals.Runtime.Deployment;

namespace Signals.Runtime.Tests.Deployment;

public sealed class SignalRepositoryTests : IDisposable
{
    private static readonly SignalAuthor Agent = new("claude-desktop (via MCP)", "mcp@deepwater.local");
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dw-signals-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Commit_ThenList_ReadSource_History()
    {
        var repository = SignalRepository.Open(_root, initialize: true);
        Assert.Null(repository.Head());

        var first = repository.Commit("spread_blowout", "// v1\n", "Add spread_blowout", Agent);
        var second = repository.Commit("spread_blowout", "// v2\n", "Tune spread_blowout", Agent);
        repository.Commit("vwap_deviation", "// vwap\n", "Add vwap_deviation", Agent);

        Assert.Equal(["spread_blowout", "vwap_deviation"], repository.List("HEAD").Select(f => f.Name));
        Assert.Equal("// v1\n", repository.ReadSource(first, "spread_blowout"));
        Assert.Equal("// v2\n", repository.ReadSource(second, "spread_blowout"));
        Assert.Null(repository.ReadSource(first, "vwap_deviation"));
        var history = repository.History("spread_blowout");
        Assert.Equal([second, first], history.Select(c => c.Sha));
        Assert.Equal("claude-desktop (via MCP) <mcp@deepwater.local>", history[0].Author);
        Assert.Equal("Tune spread_blowout", history[0].Subject);
    }

    [Fact]
    public void Remove_ThenRollback_RestoresTheRemovedVersion()
    {
        var repository = SignalRepository.Open(_root, initialize: true);
        repository.Commit("spread_blowout", "// v1\n", "Add", Agent);
        repository.Remove("spread_blowout", "Disable spread_blowout", Agent);
        Assert.Empty(repository.List("HEAD"));

        var restored = repository.Rollback("spread_blowout", null, Agent);

        Assert.Equal("// v1\n", repository.ReadSource(restored, "spread_blowout"));
        Assert.StartsWith("Roll back spread_blowout to ", repository.History("spread_blowout")[0].Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Rollback_NoEarlierVersion_Throws()
    {
        var repository = SignalRepository.Open(_root, initialize: true);
        repository.Commit("spread_blowout", "// v1\n", "Add", Agent);

        Assert.Throws<InvalidOperationException>(() => repository.Rollback("spread_blowout", null, Agent));
    }

    [Fact]
    public void Subfolder_OnlyItsFilesAreSignals_AndOtherStagedWorkStaysStaged()
    {
        var parent = SignalRepository.Open(_root, initialize: true);
        File.WriteAllText(Path.Combine(_root, "README.md"), "project\n");
        var signals = Path.Combine(_root, "signals");
        Directory.CreateDirectory(signals);
        var repository = SignalRepository.Open(signals);
        Assert.Equal("signals/", repository.Prefix);
        // Someone's unrelated staged change must not ride along in a signal commit.
        Run(_root, "add", "README.md");

        var sha = repository.Commit("depth_ratio", "// depth\n", "Add depth_ratio", Agent);

        Assert.Equal(["depth_ratio"], repository.List(sha).Select(f => f.Name));
        Assert.Equal("signals/depth_ratio.cs", repository.List(sha)[0].Path);
        Assert.Contains("A  README.md", Run(_root, "status", "--porcelain"), StringComparison.Ordinal);
        Assert.Equal(parent.Root, repository.Root);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("with space")]
    [InlineData("1starts_with_digit")]
    [InlineData("")]
    public void Commit_BadName_Refused(string name)
    {
        var repository = SignalRepository.Open(_root, initialize: true);

        Assert.Throws<ArgumentException>(() => repository.Commit(name, "//", "x", Agent));
    }

    [Fact]
    public async Task Watcher_NewCommit_ReportsTheNewHeadOnce()
    {
        var repository = SignalRepository.Open(_root, initialize: true);
        repository.Commit("spread_blowout", "// v1\n", "Add", Agent);
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var watcher = new SignalRepositoryWatcher(repository);
        watcher.HeadChanged += head => seen.TrySetResult(head);

        var sha = repository.Commit("spread_blowout", "// v2\n", "Tune", Agent);

        Assert.Equal(sha, await seen.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(sha, watcher.Head);
    }

    private static string Run(string directory, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
        })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
