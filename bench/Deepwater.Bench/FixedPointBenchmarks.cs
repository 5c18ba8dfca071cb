using BenchmarkDotNet.Attributes;
using Signals.Library;

namespace Deepwater.Bench;

/// <summary>Exact decimal parsing and formatting, as every venue message needs.</summary>
[MemoryDiagnoser]
public class FixedPointBenchmarks
{
    private static readonly byte[] Price = "43125.67000000"u8.ToArray();
    private readonly byte[] _buffer = new byte[32];

    [Benchmark]
    public long ParseUtf8() => FixedPoint.TryParse(Price, out var value) ? value : 0;

    [Benchmark]
    public int FormatUtf8() => FixedPoint.TryFormat(43_125_670_000_000, _buffer, out var written) ? written : 0;
}
