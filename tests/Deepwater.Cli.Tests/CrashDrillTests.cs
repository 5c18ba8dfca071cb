using Market.Core.Journal;

namespace Deepwater.Cli.Tests;

/// <summary>
/// A real writer process killed with SIGKILL at random moments, again and again, on one journal:
/// nothing a reader saw before a kill may be missing or different afterwards.
/// </summary>
public sealed class CrashDrillTests : IDisposable
{
    private const int Drills = 50;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "deepwater-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void WriterKilledFiftyTimes_EverySeenRecordSurvives_SequencesContiguous_VerifyPasses_WriterResumes()
    {
        var dir = MmapJournal.PathFor(_data, "dev", "drill");
        var random = new Random(20261121);
        long totalSeen = 0;
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var drill = 0; drill < Drills; drill++)
        {
            // Small chunks, so kills land near rotations as well as mid-chunk; a bounded event count,
            // so a slow reader cannot let the writer fill the disk.
            var killAfter = random.Next(4) == 0 ? 1 : random.Next(1, 60_000);
            using var child = DeepwaterProcess.Start("journal", "generate", "drill", "--data", _data, "--env", "dev",
                "--events", (killAfter + 5_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--seed", drill.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--start", start.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), "--chunk-size", "262144");
            var seen = TailUntil(dir, child, killAfter);
            child.Kill(); // SIGKILL
            child.WaitForExit();
            totalSeen += seen.Count;

            using var journal = MmapJournal.Open(dir);
            long next;
            using (var writer = journal.OpenWriter())
            {
                next = writer.NextSequence;
                Assert.True(next > seen.Keys.DefaultIfEmpty(0).Max(), $"drill {drill}: writer resumed at {next}, but the reader saw up to {seen.Keys.Max()}");
            }
            using var reader = journal.OpenReader();
            reader.SeekToSequence(seen.Keys.DefaultIfEmpty(1).Min());
            var lastTsRecv = 0L;
            while (reader.TryRead(out var record))
            {
                lastTsRecv = record.TsRecv;
                if (seen.Remove(record.Sequence, out var before)) AssertSame(before, record, drill);
            }
            // The next drill's events come after everything this one wrote before the kill, however
            // far ahead of the reader the writer got: receive times never go backwards.
            start = DateTimeOffset.FromUnixTimeSeconds(lastTsRecv / 1_000_000_000 + 1);
            Assert.True(seen.Count == 0, $"drill {drill}: {seen.Count} records a reader saw are gone after the restart");
            Assert.Equal(next, reader.NextSequence);

            var report = JournalVerifier.Verify(dir);
            Assert.True(report.IsConsistent, $"drill {drill}: {report.Summary}\n{string.Join('\n', report.Problems)}");
            Assert.Equal(1, report.FirstSequence);
            Assert.Equal(next - 1, report.LastSequence);
            Assert.Equal(report.LastSequence, report.Records);
        }
        Assert.True(totalSeen > Drills, "the drills saw too few records to mean anything");
    }

    /// <summary>Tails the journal the child writes until <paramref name="count"/> new records were seen.</summary>
    private static Dictionary<long, JournalEntry> TailUntil(string dir, System.Diagnostics.Process child, int count)
    {
        var seen = new Dictionary<long, JournalEntry>();
        var deadline = Environment.TickCount64 + 60_000;
        while (!Directory.Exists(dir) || !File.Exists(Path.Combine(dir, "journal.meta")))
        {
            if (child.HasExited) Assert.Fail($"generator exited early: {child.StandardError.ReadToEnd()}");
            Assert.True(Environment.TickCount64 < deadline, $"the generator (pid {child.Id}) never created {dir}");
            Thread.Yield();
        }
        using var journal = MmapJournal.Open(dir);
        using var reader = journal.OpenReader();
        reader.SeekToEnd();
        var opened = Environment.TickCount64;
        while (seen.Count < count)
        {
            // (stderr is read only on failure: reading it waits for the child to exit)
            if (child.HasExited) Assert.Fail($"generator exited early: saw {seen.Count} of {count} in {Environment.TickCount64 - opened} ms; {child.StandardError.ReadToEnd()}");
            Assert.True(Environment.TickCount64 < deadline, $"saw only {seen.Count} of {count} records in 60 s");
            if (!reader.TryRead(out var record))
            {
                reader.WaitForData(TimeSpan.FromMilliseconds(50));
                continue;
            }
            seen[record.Sequence] = record.ToEntry();
        }
        return seen;
    }

    private static void AssertSame(JournalEntry before, in JournalRecord after, int drill)
    {
        var now = after.ToEntry();
        Assert.True(before.Kind == now.Kind && before.Flags == now.Flags && before.InstrumentId == now.InstrumentId
            && before.TsEvent == now.TsEvent && before.TsRecv == now.TsRecv && before.Payload.AsSpan().SequenceEqual(now.Payload),
            $"drill {drill}: record {before.Sequence} changed across the restart");
    }
}
