using System.Text.Json;

namespace Market.Core.Bus.Nats;

/// <summary>Where a stream keeps its messages.</summary>
public enum NatsStorage
{
    /// <summary>On disk (survives a server restart).</summary>
    File,

    /// <summary>In memory.</summary>
    Memory,
}

/// <summary>A stream's configuration (the subset Deepwater uses).</summary>
/// <param name="Name">The stream name (no dots, spaces or wildcards).</param>
/// <param name="Subjects">The subjects it captures; wildcards allowed.</param>
public sealed record NatsStreamConfig(string Name, IReadOnlyList<string> Subjects)
{
    /// <summary>File or memory.</summary>
    public NatsStorage Storage { get; init; } = NatsStorage.File;

    /// <summary>Copies kept in a cluster (1 on a single server).</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Messages older than this are removed; null keeps them.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>The most bytes kept; null is unlimited.</summary>
    public long? MaxBytes { get; init; }

    /// <summary>How long a <c>Nats-Msg-Id</c> is remembered for de-duplication; null uses the server's 2 minutes.</summary>
    public TimeSpan? DuplicateWindow { get; init; }

    /// <summary>
    /// When true the stream sends no acknowledgement for what it stores, so a request whose subject
    /// it captures gets its answer from the service, not a publish ack.
    /// </summary>
    public bool NoAck { get; init; }

    internal void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("name", Name);
        json.WriteStartArray("subjects");
        foreach (var subject in Subjects) json.WriteStringValue(subject);
        json.WriteEndArray();
        json.WriteString("retention", "limits");
        json.WriteString("discard", "old");
        json.WriteString("storage", Storage == NatsStorage.Memory ? "memory" : "file");
        json.WriteNumber("num_replicas", Replicas);
        json.WriteNumber("max_age", Nanos(MaxAge ?? TimeSpan.Zero));
        json.WriteNumber("max_bytes", MaxBytes ?? -1);
        json.WriteNumber("max_msgs", -1);
        if (DuplicateWindow is { } window) json.WriteNumber("duplicate_window", Nanos(window));
        if (NoAck) json.WriteBoolean("no_ack", true);
        json.WriteEndObject();
    }

    internal static NatsStreamConfig Read(JsonElement config)
    {
        var maxAge = config.TryGetProperty("max_age", out var age) ? age.GetInt64() : 0;
        var maxBytes = config.TryGetProperty("max_bytes", out var bytes) ? bytes.GetInt64() : -1;
        return new NatsStreamConfig(
            config.GetProperty("name").GetString()!,
            config.TryGetProperty("subjects", out var subjects) ? [.. subjects.EnumerateArray().Select(s => s.GetString()!)] : [])
        {
            Storage = config.TryGetProperty("storage", out var storage) && storage.GetString() == "memory" ? NatsStorage.Memory : NatsStorage.File,
            Replicas = config.TryGetProperty("num_replicas", out var replicas) ? replicas.GetInt32() : 1,
            MaxAge = maxAge > 0 ? TimeSpan.FromTicks(maxAge / 100) : null,
            MaxBytes = maxBytes >= 0 ? maxBytes : null,
            DuplicateWindow = config.TryGetProperty("duplicate_window", out var window) ? TimeSpan.FromTicks(window.GetInt64() / 100) : null,
            NoAck = config.TryGetProperty("no_ack", out var noAck) && noAck.ValueKind == JsonValueKind.True,
        };
    }

    internal static long Nanos(TimeSpan span) => span.Ticks * 100;
}

/// <summary>A stream's configuration and state as the server reports them.</summary>
/// <param name="Config">The configuration in force.</param>
/// <param name="Messages">Messages stored.</param>
/// <param name="Bytes">Bytes stored.</param>
/// <param name="FirstSequence">The first sequence stored.</param>
/// <param name="LastSequence">The last sequence stored.</param>
public sealed record NatsStreamInfo(NatsStreamConfig Config, ulong Messages, ulong Bytes, ulong FirstSequence, ulong LastSequence);

/// <summary>The server's acknowledgement of a JetStream publish.</summary>
/// <param name="Stream">The stream that stored it.</param>
/// <param name="Sequence">Its sequence in the stream (the original's, for a duplicate).</param>
/// <param name="Duplicate">True when the <c>Nats-Msg-Id</c> was seen within the duplicate window and nothing was stored.</param>
public sealed record NatsPubAck(string Stream, ulong Sequence, bool Duplicate);

/// <summary>Where a consumer starts.</summary>
public sealed record NatsConsumerStart
{
    private NatsConsumerStart() { }

    /// <summary>From the first message of the stream.</summary>
    public static NatsConsumerStart All { get; } = new();

    /// <summary>The stream sequence to start at, when starting by sequence.</summary>
    public ulong? Sequence { get; private init; }

    /// <summary>The time to start at, when starting by time.</summary>
    public DateTimeOffset? Time { get; private init; }

    /// <summary>From stream sequence <paramref name="sequence"/> (1-based) on.</summary>
    public static NatsConsumerStart FromSequence(ulong sequence)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sequence);
        return new NatsConsumerStart { Sequence = sequence };
    }

    /// <summary>From the first message stored at or after <paramref name="time"/>.</summary>
    public static NatsConsumerStart FromTime(DateTimeOffset time) => new() { Time = time };

    internal void Write(Utf8JsonWriter json)
    {
        if (Sequence is { } sequence)
        {
            json.WriteString("deliver_policy", "by_start_sequence");
            json.WriteNumber("opt_start_seq", sequence);
        }
        else if (Time is { } time)
        {
            json.WriteString("deliver_policy", "by_start_time");
            json.WriteString("opt_start_time", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteString("deliver_policy", "all");
        }
    }
}

/// <summary>A message read from a stream.</summary>
/// <param name="Message">Subject, payload and headers as published.</param>
/// <param name="StreamSequence">Its sequence in the stream.</param>
/// <param name="ConsumerSequence">Its delivery sequence for this consumer.</param>
/// <param name="Timestamp">When the stream stored it.</param>
/// <param name="AckSubject">Where an acknowledgement goes (pull consumers).</param>
public sealed record NatsJsMessage(BusMessage Message, ulong StreamSequence, ulong ConsumerSequence, DateTimeOffset Timestamp, string AckSubject)
{
    // $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<timestamp ns>.<pending>
    internal static NatsJsMessage? From(BusMessage message)
    {
        if (message.ReplyTo is not { } reply) return null;
        var tokens = reply.Split('.');
        if (tokens.Length < 9 || tokens[0] != "$JS" || tokens[1] != "ACK") return null;
        var offset = tokens.Length - 9;
        if (!ulong.TryParse(tokens[5 + offset], out var streamSeq) || !ulong.TryParse(tokens[6 + offset], out var consumerSeq) || !long.TryParse(tokens[7 + offset], out var nanos)) return null;
        return new NatsJsMessage(message, streamSeq, consumerSeq, DateTimeOffset.UnixEpoch.AddTicks(nanos / 100), reply);
    }
}

/// <summary>The JetStream API answered with an error.</summary>
public sealed class NatsJetStreamException : NatsException
{
    /// <summary>Creates the error from the API's code and description.</summary>
    public NatsJetStreamException(string operation, int code, int errorCode, string description)
        : base($"JetStream {operation} failed: {description} (code {code}, err_code {errorCode})")
    {
        Code = code;
        ErrorCode = errorCode;
    }

    /// <summary>Creates the error with a cause.</summary>
    public NatsJetStreamException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The HTTP-like status code.</summary>
    public int Code { get; }

    /// <summary>The JetStream error code (e.g. 10058 stream name in use).</summary>
    public int ErrorCode { get; }
}
