using Market.Core.Journal;

namespace Market.Core.Fanout;

public sealed partial class JournalPublisher
{
    private const int MaxRun = 256;

    private async Task RunAsync(IJournalReader reader, long from, CancellationTokenSource linked)
    {
        using var _ = reader;
        using var __ = linked;
        var cancellationToken = linked.Token;
        try
        {
            while (true)
            {
                await PublishAvailableAsync(reader, from, cancellationToken).ConfigureAwait(false);
                // The journal wakes us; no polling here.
                await reader.WaitForDataAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: the normal way out.
        }
    }

    // What the journal has now, in runs of at most MaxRun records: each run goes to the socket in
    // one write; a long catch-up still gets on the wire as it goes.
    private async Task PublishAvailableAsync(IJournalReader reader, long from, CancellationToken cancellationToken)
    {
        var more = true;
        while (more)
        {
            using var batch = _bus.BeginPublishBatch();
            for (var run = 0; run < MaxRun; run++)
            {
                if (!TryPrepareNext(reader, from, out var subject, out var sequence, out var length))
                {
                    more = false;
                    break;
                }
                // The bus copies the headers, so one set serves every record.
                FanoutHeaders.SetSequence(_headers, sequence);
                await _bus.PublishAsync(subject, _buffer.AsMemory(0, length), _headers, null, cancellationToken).ConfigureAwait(false);
                Interlocked.Exchange(ref _lastPublished, sequence);
                Interlocked.Increment(ref _published);
                OnPublished(sequence);
            }
        }
    }

    // Synchronous because the record is a view into the journal that cannot live across an await.
    private bool TryPrepareNext(IJournalReader reader, long from, out string subject, out long sequence, out int length)
    {
        while (reader.TryRead(out var record))
        {
            // SeekToSequence clamps to the end, so a start beyond it skips here.
            if (record.Sequence < from) continue;
            var needed = RecordCodec.GetEncodedLength(record.Payload.Length);
            if (_buffer.Length < needed) _buffer = new byte[Math.Max(needed, _buffer.Length * 2)];
            if (!RecordCodec.TryEncode(record, _buffer, out length))
            {
                throw new InvalidDataException($"record {record.Sequence} of feed {_journal.Feed} has a {record.Payload.Length}-byte payload, over the bus limit of {RecordCodec.MaxPayloadSize}");
            }
            subject = _subjects.Get(record.Kind, record.InstrumentId);
            sequence = record.Sequence;
            return true;
        }
        subject = "";
        sequence = 0;
        length = 0;
        return false;
    }
}
