using Market.Core.Bus;
using Market.Core.Journal;

namespace Market.Core.Fanout;

/// <summary>
/// Answers <c>{env}.svc.journal.read</c>: a <see cref="JournalReadRequest"/> (JSON) gets a
/// <see cref="JournalReadReply"/> (binary) of the feed's records from the requested sequence,
/// bounded in count and bytes so a reply stays under the server's message limit. This is how a
/// consumer in another process fills a hole the bus left: every published record is in the journal.
/// </summary>
/// <remarks>Responders join <see cref="QueueGroup"/>, so with several cores on the bus one answers each request.</remarks>
public sealed class JournalReadService : IAsyncDisposable
{
    /// <summary>The queue group responders join.</summary>
    public const string QueueGroup = "journal-read";

    /// <summary>The most records one reply carries, whatever was asked.</summary>
    public const int MaxRecordsPerReply = 16_384;

    /// <summary>The most bytes of records one reply carries (NATS's default limit is 1 MiB).</summary>
    public const int MaxReplyBytes = 512 * 1024;

    private readonly Func<string, IJournal?> _journals;
    private readonly BusResponder _responder;

    /// <summary>Starts answering.</summary>
    /// <param name="bus">The bus to answer on.</param>
    /// <param name="environment">The environment token.</param>
    /// <param name="journals">The journal of a feed by name; null when this process has none (the reply says so). Called on the service's loop only.</param>
    public JournalReadService(IBus bus, string environment, Func<string, IJournal?> journals)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(journals);
        _journals = journals;
        _responder = new BusResponder(bus, Subject(environment), QueueGroup, Answer);
    }

    /// <summary>Requests answered.</summary>
    public long Answered => _responder.Answered;

    /// <summary>The subject the service answers on: <c>{env}.svc.journal.read</c>.</summary>
    public static string Subject(string environment)
    {
        var subject = $"{environment}.svc.journal.read";
        Subjects.ValidatePublish(subject, nameof(environment));
        return subject;
    }

    /// <summary>Reads one reply's worth from <paramref name="journal"/>; what the service sends.</summary>
    public static JournalReadReply Read(IJournal journal, long fromSequence, int maxRecords)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        maxRecords = Math.Clamp(maxRecords, 1, MaxRecordsPerReply);
        using var reader = journal.OpenReader();
        reader.SeekToSequence(fromSequence);
        var records = new List<JournalEntry>();
        var symbols = new Dictionary<uint, string>();
        var covered = fromSequence - 1;
        var bytes = 0;
        var more = false;
        while (reader.TryRead(out var record))
        {
            // Seeking beyond the end clamps there.
            if (record.Sequence < fromSequence) continue;
            var size = RecordCodec.GetEncodedLength(record.Payload.Length);
            if (records.Count >= maxRecords || (records.Count > 0 && bytes + size > MaxReplyBytes))
            {
                more = true;
                break;
            }
            records.Add(record.ToEntry());
            bytes += size;
            covered = record.Sequence;
            if (record.InstrumentId != 0 && !symbols.ContainsKey(record.InstrumentId) && journal.Symbols.GetSymbol(record.InstrumentId) is { } symbol)
            {
                symbols[record.InstrumentId] = symbol;
            }
        }
        // Nothing at or after the start: the reply covers up to the journal's end.
        if (records.Count == 0) covered = Math.Max(covered, journal.LastSequence);
        return new JournalReadReply(records, symbols, covered, more);
    }

    private ReadOnlyMemory<byte> Answer(BusMessage request)
    {
        JournalReadReply reply;
        try
        {
            reply = !JournalReadRequest.TryParse(request.Payload.Span, out var read, out var error) ? JournalReadReply.Failed(error)
                : _journals(read.Feed) is { } journal ? Read(journal, read.FromSequence, read.MaxRecords)
                : JournalReadReply.Failed($"no journal for feed '{read.Feed}' here");
        }
        catch (Exception e) when (e is IOException or JournalException or InvalidDataException)
        {
            reply = JournalReadReply.Failed(e.Message);
        }
        return reply.Encode();
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _responder.DisposeAsync();
}
