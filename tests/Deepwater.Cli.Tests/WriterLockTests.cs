using Market.Core.Journal;

namespace Deepwater.Cli.Tests;

/// <summary>One writer per feed, across processes: the lock is the kernel's, so it dies with its holder.</summary>
public sealed class WriterLockTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "deepwater-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void SecondWriter_WhileAnotherProcessWrites_IsRefused_AndAllowedOnceThatProcessIsKilled()
    {
        var dir = MmapJournal.PathFor(_data, "dev", "locked");
        using var child = DeepwaterProcess.Start("journal", "generate", "locked", "--data", _data, "--env", "dev", "--events", "100000000", "--rate", "1000");
        try
        {
            // Wait until the child holds the writer: its first record is visible.
            var deadline = Environment.TickCount64 + 60_000;
            while (!File.Exists(Path.Combine(dir, "journal.meta")) || MmapJournal.Open(dir).LastSequence == 0)
            {
                if (child.HasExited) Assert.Fail($"generator exited: {child.StandardError.ReadToEnd()}");
                Assert.True(Environment.TickCount64 < deadline, "the generator wrote nothing in 60 s");
                Thread.Yield();
            }
            using (var journal = MmapJournal.Open(dir))
            {
                var error = Assert.Throws<JournalLockedException>(() => journal.OpenWriter());
                Assert.Contains("already has a writer", error.Message, StringComparison.Ordinal);
            }
            var (code, _, stderr) = new CliRunner(_data).Run("journal", "generate", "locked", "--events", "10");
            Assert.Equal(1, code);
            Assert.Contains("already has a writer", stderr, StringComparison.Ordinal);
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
        using var after = MmapJournal.Open(dir);
        using var writer = after.OpenWriter();
        Assert.True(writer.NextSequence > 1);
    }
}
