using Signals.Runtime.Evaluation;

namespace Signals.Runtime.Worker.Internal;

/// <summary>
/// One <see cref="FrameType.Events"/> frame being filled, in flight, or kept for warm-up:
/// <c>i64 batch sequence | u8 muted | i32 count | records</c>. Reused through the host's pool.
/// </summary>
internal sealed class EventBatch
{
    private const int SequenceAt = FrameBuffer.HeaderSize;
    private const int MutedAt = SequenceAt + 8;
    private const int CountAt = MutedAt + 1;

    public EventBatch(int capacity)
    {
        Frame = new FrameBuffer(capacity);
        Reset();
    }

    public FrameBuffer Frame { get; }

    public int Count { get; private set; }

    public long Sequence { get; private set; }

    public void Reset()
    {
        Frame.Clear();
        Frame.Begin(FrameType.Events);
        Frame.WriteInt64(0);
        Frame.WriteByte(0);
        Frame.WriteInt32(0);
        Count = 0;
        Sequence = -1;
    }

    public void Add(in EventEnvelope envelope)
    {
        WireCodec.WriteEvent(Frame, in envelope);
        Count++;
    }

    public void Seal(long sequence)
    {
        Sequence = sequence;
        Frame.PatchInt64(SequenceAt, sequence);
        Frame.PatchInt32(CountAt, Count);
        Frame.End();
    }

    /// <summary>Warm-up replays send a batch muted: the worker runs it but keeps its fires.</summary>
    public void SetMuted(bool muted) => Frame.Array[MutedAt] = muted ? (byte)1 : (byte)0;
}
