using System.Buffers.Binary;
using Signals.Library;
using Signals.Runtime.Evaluation;

namespace Signals.Runtime.Worker.Internal;

/// <summary>The bodies both sides agree on: options, statuses, fires and event records.</summary>
internal static class WireCodec
{
    /// <summary>u16 feed, u8 kind, u8 flags, u32 instrument, i64 sequence, tsEvent, tsRecv, i32 payload length.</summary>
    public const int EventHeaderSize = 36;

    public static void WriteHello(FrameBuffer frame, EvaluatorOptions options, int maxDepth, IEnumerable<string> allowed)
    {
        frame.Begin(FrameType.Hello);
        frame.WriteInt64(options.FuelPerCall);
        frame.WriteInt64(options.AllocationBytesPerCall);
        frame.WriteInt64(options.WallClockPerCall.Ticks);
        frame.WriteInt32(options.QuarantineAfterConsecutiveFailures);
        frame.WriteInt32(options.QuarantineWindowFailures);
        frame.WriteInt32(options.QuarantineWindowEvents);
        frame.WriteInt32(options.LogLinesPerMinute);
        frame.WriteInt32(options.TimingSampleEvery);
        frame.WriteInt32(maxDepth);
        var names = allowed.ToList();
        frame.WriteInt32(names.Count);
        foreach (var name in names) frame.WriteString(name);
        frame.End();
    }

    public static (EvaluatorOptions Options, int MaxDepth, HashSet<string> Allowed) ReadHello(ref FrameReader reader)
    {
        var options = new EvaluatorOptions
        {
            FuelPerCall = reader.ReadInt64(),
            AllocationBytesPerCall = reader.ReadInt64(),
            WallClockPerCall = TimeSpan.FromTicks(reader.ReadInt64()),
            QuarantineAfterConsecutiveFailures = reader.ReadInt32(),
            QuarantineWindowFailures = reader.ReadInt32(),
            QuarantineWindowEvents = reader.ReadInt32(),
            LogLinesPerMinute = reader.ReadInt32(),
            TimingSampleEvery = reader.ReadInt32(),
        };
        var maxDepth = reader.ReadInt32();
        var count = reader.ReadInt32();
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++) allowed.Add(reader.ReadString());
        return (options, maxDepth, allowed);
    }

    public static void WriteStatus(FrameBuffer frame, SignalStatus status)
    {
        frame.WriteString(status.Identity.Name);
        frame.WriteString(status.Identity.Commit);
        frame.WriteString(status.Identity.SourceHash);
        frame.WriteByte((byte)status.State);
        frame.WriteInt64(status.Events);
        frame.WriteInt64(status.Fires);
        frame.WriteInt64(status.DroppedFires);
        frame.WriteInt64(status.Errors);
        frame.WriteString(status.LastError);
        frame.WriteString(status.QuarantineReason);
        frame.WriteInt64(status.TimeSpent.Ticks);
        frame.WriteInt64(status.SuppressedLogLines);
        frame.WriteInt64(status.SkippedTimerPeriods);
    }

    public static SignalStatus ReadStatus(ref FrameReader reader) => new(
        new SignalIdentity(reader.ReadString(), reader.ReadString(), reader.ReadString()),
        (SignalState)reader.ReadByte(),
        reader.ReadInt64(),
        reader.ReadInt64(),
        reader.ReadInt64(),
        reader.ReadInt64(),
        reader.ReadNullableString(),
        reader.ReadNullableString(),
        TimeSpan.FromTicks(reader.ReadInt64()),
        reader.ReadInt64(),
        reader.ReadInt64());

    /// <summary>A fire as the header fields and the <see cref="SignalFire"/> payload: decoding gives back the same bytes.</summary>
    public static void WriteFire(FrameBuffer frame, in SignalFire fire)
    {
        var size = fire.PayloadSize;
        var span = frame.GetSpan(24 + size);
        BinaryPrimitives.WriteUInt32LittleEndian(span, fire.InstrumentId);
        BinaryPrimitives.WriteInt64LittleEndian(span[4..], fire.TsEvent);
        BinaryPrimitives.WriteInt64LittleEndian(span[12..], fire.TsRecv);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], size);
        fire.WritePayload(span.Slice(24, size));
        frame.Advance(24 + size);
    }

    public static SignalFire ReadFire(ref FrameReader reader)
    {
        var header = new EventHeader(reader.ReadUInt32(), reader.ReadInt64(), reader.ReadInt64());
        var payload = reader.ReadBytes();
        return SignalFire.TryReadPayload(payload, header, out var fire) ? fire : throw new InvalidDataException("the worker sent a fire that does not decode");
    }

    public static void WriteEvent(FrameBuffer frame, in EventEnvelope envelope)
    {
        var payload = envelope.Payload;
        var span = frame.GetSpan(EventHeaderSize + payload.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)envelope.Feed.Index);
        span[2] = (byte)envelope.Kind;
        span[3] = (byte)envelope.Flags;
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], envelope.InstrumentId);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], envelope.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], envelope.TsEvent);
        BinaryPrimitives.WriteInt64LittleEndian(span[24..], envelope.TsRecv);
        BinaryPrimitives.WriteInt32LittleEndian(span[32..], payload.Length);
        payload.CopyTo(span[EventHeaderSize..]);
        frame.Advance(EventHeaderSize + payload.Length);
    }
}
