using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Mcp.Server.Feedback;

/// <summary>One report an agent filed.</summary>
/// <param name="Time">When it was filed.</param>
/// <param name="Client">The client that filed it.</param>
/// <param name="Title">One line.</param>
/// <param name="Body">The details.</param>
public sealed record FeedbackEntry(DateTimeOffset Time, string Client, string Title, string Body);

/// <summary>
/// The feedback journal: issues agents report (<c>report_issue</c>) for operators to read
/// (<c>deepwater feedback list</c>), as JSON lines in <c>{data}/{env}/feedback/feedback.jsonl</c>. Append-only.
/// </summary>
/// <param name="environmentDirectory">The environment's directory, <c>{data}/{env}</c>.</param>
public sealed class FeedbackJournal(string environmentDirectory)
{
    private static readonly Lock Gate = new();

    /// <summary>The file.</summary>
    public string Path { get; } = System.IO.Path.Combine(environmentDirectory, "feedback", "feedback.jsonl");

    /// <summary>Appends a report.</summary>
    /// <param name="entry">The report.</param>
    /// <returns>How many reports the journal holds now.</returns>
    public long Append(FeedbackEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var line = new JsonObject
        {
            ["time"] = entry.Time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["client"] = entry.Client,
            ["title"] = entry.Title,
            ["body"] = entry.Body,
        }.ToJsonString() + "\n";
        lock (Gate)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            using (var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) stream.Write(Encoding.UTF8.GetBytes(line));
            return File.ReadLines(Path).LongCount(l => l.Length > 0);
        }
    }

    /// <summary>Every report, oldest first; a line that does not parse is skipped.</summary>
    /// <returns>The reports.</returns>
    public IReadOnlyList<FeedbackEntry> Read()
    {
        if (!File.Exists(Path)) return [];
        var entries = new List<FeedbackEntry>();
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            try
            {
                var json = JsonNode.Parse(line)!.AsObject();
                entries.Add(new FeedbackEntry(DateTimeOffset.Parse((string)json["time"]!, CultureInfo.InvariantCulture), (string?)json["client"] ?? "",
                    (string?)json["title"] ?? "", (string?)json["body"] ?? ""));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
            {
                // A torn last line (a crash mid-append) is skipped, not fatal.
            }
        }
        return entries;
    }
}
