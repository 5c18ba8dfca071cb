using System.Buffers.Binary;
using Market.Core.Journal;
using Signals.Library;
using Signals.Runtime.Compilation;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Loading;
using Signals.Runtime.Worker.Internal;

namespace Signals.Runtime.Worker;

public sealed partial class WorkerServer
{
    private void Hello(ref FrameReader reader)
    {
        var (options, maxDepth, allowed) = WireCodec.ReadHello(ref reader);
        _evaluator?.Dispose();
        _evaluator = new SignalEvaluator(this, options, new StderrLogger<SignalEvaluator>(_log)) { CallObserver = _observer };
        _maxDepth = maxDepth;
        _allowed = allowed;
        _out.Begin(FrameType.Ready);
        _out.WriteInt32(Environment.ProcessId);
        _out.End();
        Send();
    }

    private void LoadSignal(ref FrameReader reader)
    {
        var tag = reader.ReadInt32();
        var replace = reader.ReadByte() != 0;
        var identity = new SignalIdentity(reader.ReadString(), reader.ReadString(), reader.ReadString());
        var className = reader.ReadString();
        var assemblyName = reader.ReadString();
        var metered = reader.ReadByte() != 0;
        var image = reader.ReadBytes().ToArray();
        var count = reader.ReadInt32();
        var parameters = count == 0 ? null : new Dictionary<string, double>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++) parameters![reader.ReadString()] = reader.ReadDouble();

        var error = Load(tag, replace, identity, new SignalCompileResult(true, image, [], identity.SourceHash, className, assemblyName, metered, TimeSpan.Zero, false), parameters);
        _out.Begin(FrameType.Loaded);
        _out.WriteString(identity.Name);
        _out.WriteByte(error is null ? (byte)1 : (byte)0);
        _out.WriteString(error);
        _out.End();
        Send();
    }

    private string? Load(int tag, bool replace, SignalIdentity identity, SignalCompileResult compiled, Dictionary<string, double>? parameters)
    {
        LoadedSignal loaded;
        try
        {
            loaded = LoadedSignal.Load(compiled, identity, _allowed, _maxDepth);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or BadImageFormatException or FileNotFoundException or TypeLoadException)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
        _hooks?.Loaded(identity.Name, tag);
        var definition = loaded.Definition(parameters) with { Tag = tag };
        var result = replace ? Evaluator.Replace(identity.Name, definition) : Evaluator.Load(definition);
        if (!result.Loaded)
        {
            loaded.Unload();
            return result.Error ?? "not loaded";
        }
        if (_loaded.Remove(identity.Name, out var old)) old.Unload();
        _loaded[identity.Name] = loaded;
        _quarantined.Remove(identity.Name);
        return null;
    }

    private void Unload(ref FrameReader reader)
    {
        var name = reader.ReadString();
        var status = Evaluator.Unload(name);
        if (_loaded.Remove(name, out var loaded)) loaded.Unload();
        _quarantined.Remove(name);
        _out.Begin(FrameType.Unloaded);
        _out.WriteString(name);
        _out.WriteByte(status is null ? (byte)0 : (byte)1);
        if (status is not null) WireCodec.WriteStatus(_out, status);
        _out.End();
        Send();
    }

    private void RegisterFeed(ref FrameReader reader)
    {
        var id = reader.ReadInt32();
        var name = reader.ReadString();
        while (_symbols.Count <= id)
        {
            _symbols.Add(new WorkerSymbolTable());
            _feeds.Add(default);
        }
        _feeds[id] = Evaluator.RegisterFeed(name, _symbols[id]);
    }

    /// <summary>Runs one batch, then writes its fires (when any), any new quarantines and the ack in one write.</summary>
    private void Events(ReadOnlySpan<byte> body)
    {
        var evaluator = Evaluator;
        var sequence = BinaryPrimitives.ReadInt64LittleEndian(body);
        _muted = body[8] != 0;
        var count = BinaryPrimitives.ReadInt32LittleEndian(body[9..]);
        var at = 13;
        _out.Begin(FrameType.Fires);
        _out.WriteInt64(sequence);
        var countAt = _out.Length;
        _out.WriteInt32(0);
        _fires = 0;
        var feeds = _feeds;
        for (var i = 0; i < count; i++)
        {
            var record = body[at..];
            var length = BinaryPrimitives.ReadInt32LittleEndian(record[32..]);
            var envelope = new EventEnvelope(
                feeds[BinaryPrimitives.ReadUInt16LittleEndian(record)],
                BinaryPrimitives.ReadInt64LittleEndian(record[8..]),
                (EventKind)record[2],
                (RecordFlags)record[3],
                BinaryPrimitives.ReadUInt32LittleEndian(record[4..]),
                BinaryPrimitives.ReadInt64LittleEndian(record[16..]),
                BinaryPrimitives.ReadInt64LittleEndian(record[24..]),
                record.Slice(WireCodec.EventHeaderSize, length));
            evaluator.Process(in envelope);
            at += WireCodec.EventHeaderSize + length;
        }
        if (_fires == 0) _out.Truncate(_out.FrameStart);
        else
        {
            _out.PatchInt32(countAt, _fires);
            _out.End();
        }
        _muted = false;
        ReportQuarantines();
        _out.Begin(FrameType.Ack);
        _out.WriteInt64(sequence);
        _out.WriteInt64(evaluator.EventsProcessed);
        _out.End();
        Send();
    }

    /// <summary>Tells the host about signals the evaluator quarantined, so a restarted worker does not revive them.</summary>
    private void ReportQuarantines()
    {
        foreach (var status in Evaluator.GetStatuses())
        {
            if (status.State != SignalState.Quarantined || !_quarantined.Add(status.Name)) continue;
            _out.Begin(FrameType.Quarantined);
            _out.WriteString(status.Name);
            _out.WriteString(status.QuarantineReason ?? "quarantined");
            _out.End();
        }
    }

    private void Statuses()
    {
        var statuses = Evaluator.GetStatuses();
        _out.Begin(FrameType.Statuses);
        _out.WriteInt32(statuses.Count);
        foreach (var status in statuses) WireCodec.WriteStatus(_out, status);
        _out.End();
        Send();
    }
}
