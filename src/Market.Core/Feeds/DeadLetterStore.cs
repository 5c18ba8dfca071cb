using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Signals.Library;

namespace Market.Core.Feeds;

/// <summary>One message a feed could not turn into events.</summary>
/// <param name="TsRecv">When it was received (UTC ns).</param>
/// <param name="Feed">The feed it came from.</param>
/// <param name="Reason">Why it was rejected, e.g. <c>malformed-json</c>, <c>unknown-type</c>, <c>oversized</c>.</param>
/// <param name="Detail">A human-readable explanation.</param>
/// <param name="Raw">The message's bytes as received (the first <see cref="DeadLetterStore.MaxStoredBytes"/> of them).</param>
/// <param name="Length">The message's full length in bytes.</param>
public sealed record DeadLetter(long TsRecv, string Feed, string Reason, string Detail, byte[] Raw, long Length);

/// <summary>
/// Where malformed and unknown venue messages go: a JSON-lines file beside the feed's journal
/// (raw bytes base64-encoded, with a text preview) and counters by reason that operators and
/// <c>system_status</c> read. Writing one never throws into the feed: a failing disk is counted too.
/// </summary>
public sealed class DeadLetterStore : IDisposable
{
    /// <summary>Bytes of one message kept in the file; longer messages are cut, their length recorded.</summary>
    public const int MaxStoredBytes = 1024 * 1024;

    /// <summary>The file name inside a feed's journal directory.</summary>
    public const string FileName = "dead-letters.jsonl";

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, long> _byReason = new(StringComparer.Ordinal);
    private readonly FileStream _file;
    private long _total;
    private long _writeFailures;

    /// <summary>Opens (or creates) the dead-letter file of a feed in <paramref name="directory"/>.</summary>
    public DeadLetterStore(string directory, string feed)
    {
        Feed = feed;
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, FileName);
        _file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        _file.Seek(0, SeekOrigin.End);
        if (_file.Length > 0 && EndsMidLine()) _file.WriteByte((byte)'\n'); // a crash cut the last entry: start afresh
    }

    private bool EndsMidLine()
    {
        _file.Seek(-1, SeekOrigin.End);
        var last = _file.ReadByte();
        _file.Seek(0, SeekOrigin.End);
        return last != '\n';
    }

    /// <summary>The feed whose rejects this store keeps.</summary>
    public string Feed { get; }

    /// <summary>The dead-letter file.</summary>
    public string Path { get; }

    /// <summary>Messages dead-lettered since this store opened.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Dead letters that could not be written to the file (they are still counted).</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>Counts by reason since this store opened.</summary>
    public IReadOnlyDictionary<string, long> ByReason => new Dictionary<string, long>(_byReason, StringComparer.Ordinal);

    /// <summary>Keeps a rejected message and counts it. Never throws for I/O trouble.</summary>
    public void Add(ReadOnlySpan<byte> raw, string reason, string detail, long tsRecv)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        Interlocked.Increment(ref _total);
        _byReason.AddOrUpdate(reason, 1, static (_, n) => n + 1);
        var line = Encode(raw, reason, detail, tsRecv);
        try
        {
            lock (_gate) _file.Write(line);
        }
        catch (IOException)
        {
            Interlocked.Increment(ref _writeFailures);
        }
    }

    private byte[] Encode(ReadOnlySpan<byte> raw, string reason, string detail, long tsRecv)
    {
        var kept = raw[..Math.Min(raw.Length, MaxStoredBytes)];
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("ts_recv", UnixNanos.Format(tsRecv));
            json.WriteString("feed", Feed);
            json.WriteString("reason", reason);
            json.WriteString("detail", detail);
            json.WriteNumber("length", raw.Length);
            json.WriteBoolean("truncated", kept.Length < raw.Length);
            json.WriteString("preview", Preview(kept));
            json.WriteBase64String("raw", kept);
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>The first characters as text, for eyes; invalid UTF-8 shows as replacement characters.</summary>
    private static string Preview(ReadOnlySpan<byte> raw) => Encoding.UTF8.GetString(raw[..Math.Min(raw.Length, 200)]);

    /// <summary>Reads a dead-letter file back (for tools and tests); skips a torn last line.</summary>
    public static IReadOnlyList<DeadLetter> Read(string path)
    {
        var letters = new List<DeadLetter>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var e = doc.RootElement;
                if (!UnixNanos.TryParseIso(e.GetProperty("ts_recv").GetString(), out var ts)) continue;
                letters.Add(new DeadLetter(ts, e.GetProperty("feed").GetString()!, e.GetProperty("reason").GetString()!,
                    e.GetProperty("detail").GetString()!, e.GetProperty("raw").GetBytesFromBase64(), e.GetProperty("length").GetInt64()));
            }
            catch (JsonException)
            {
                // a line cut short by a crash mid-write
            }
        }
        return letters;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _file.Dispose();
}
