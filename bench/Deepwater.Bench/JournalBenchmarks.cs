using BenchmarkDotNet.Attributes;
using Market.Core.Journal;
using Signals.Library;

namespace Deepwater.Bench;

/// <summary>
/// Micro-benchmarks of the journal's hot paths. The end-to-end figures (sustained append rate,
/// latency percentiles, seeks, tail wake-up, crash recovery) come from <c>deepwater bench journal</c>.
/// </summary>
[MemoryDiagnoser]
public class JournalBenchmarks
{
    private const int Batch = 100_000;
    private readonly byte[] _payload = new byte[24];
    private string _dir = "";
    private MmapJournal _journal = null!;
    private JournalWriter _writer = null!;
    private long _tsRecv = 1_767_225_600_000_000_000;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "deepwater-bench", Guid.NewGuid().ToString("N"));
        _journal = MmapJournal.Open(_dir, new JournalOptions(), create: true);
        _writer = _journal.OpenMmapWriter();
        for (var i = 0; i < Batch; i++) Append();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private void Append() => _writer.Append(EventKind.Trade, 1, _tsRecv, ++_tsRecv, _payload);

    /// <summary>One 64-byte record: header, copy, CRC32C, publish.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void Append64Bytes()
    {
        for (var i = 0; i < Batch; i++) Append();
    }

    /// <summary>Reading back the first <see cref="Batch"/> records with checksums verified.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long ReadSequential()
    {
        using var reader = _journal.OpenReader();
        long sum = 0;
        for (var i = 0; i < Batch && reader.TryRead(out var record); i++) sum += record.Payload.Length;
        return sum;
    }
}
