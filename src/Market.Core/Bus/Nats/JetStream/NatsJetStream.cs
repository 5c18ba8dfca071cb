using System.Buffers;
using System.Text.Json;

namespace Market.Core.Bus.Nats;

/// <summary>
/// A subset of JetStream over the <c>$JS.API</c> JSON request/reply API: streams (create, update,
/// info, delete), publish with ack and <c>Nats-Msg-Id</c> de-duplication, ordered and pull consumers.
/// </summary>
public sealed partial class NatsJetStream
{
    private readonly NatsConnection _connection;

    /// <summary>Uses <paramref name="connection"/>; API calls time out after <paramref name="timeout"/> (5 s when null).</summary>
    public NatsJetStream(NatsConnection connection, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        Timeout = timeout ?? TimeSpan.FromSeconds(5);
    }

    /// <summary>The limit on each API call.</summary>
    public TimeSpan Timeout { get; }

    internal NatsConnection Connection => _connection;

    /// <summary>Creates a stream.</summary>
    /// <exception cref="NatsJetStreamException">The server refused (e.g. the name is in use with another config).</exception>
    public Task<NatsStreamInfo> CreateStreamAsync(NatsStreamConfig config, CancellationToken cancellationToken = default) =>
        StreamCallAsync("STREAM.CREATE", config, cancellationToken);

    /// <summary>Changes a stream's configuration.</summary>
    public Task<NatsStreamInfo> UpdateStreamAsync(NatsStreamConfig config, CancellationToken cancellationToken = default) =>
        StreamCallAsync("STREAM.UPDATE", config, cancellationToken);

    /// <summary>A stream's configuration and state.</summary>
    public async Task<NatsStreamInfo> GetStreamInfoAsync(string name, CancellationToken cancellationToken = default)
    {
        using var reply = await CallAsync($"STREAM.INFO.{name}", default, cancellationToken).ConfigureAwait(false);
        return ReadStreamInfo(reply.RootElement);
    }

    /// <summary>Deletes a stream and its messages.</summary>
    public async Task DeleteStreamAsync(string name, CancellationToken cancellationToken = default)
    {
        using var _ = await CallAsync($"STREAM.DELETE.{name}", default, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes and waits for the stream's ack. With <paramref name="messageId"/> the server drops a
    /// repeat within the stream's duplicate window and says so in <see cref="NatsPubAck.Duplicate"/>.
    /// </summary>
    /// <exception cref="NatsJetStreamException">No stream captures the subject, or the stream refused.</exception>
    public async Task<NatsPubAck> PublishAsync(string subject, ReadOnlyMemory<byte> payload, string? messageId = null, BusHeaders? headers = null, CancellationToken cancellationToken = default)
    {
        if (messageId is not null)
        {
            // A copy: the caller's headers stay as they were.
            var merged = new BusHeaders();
            if (headers is not null) foreach (var (name, value) in headers) merged[name] = value;
            merged["Nats-Msg-Id"] = messageId;
            headers = merged;
        }
        BusMessage reply;
        try
        {
            reply = await _connection.RequestAsync(subject, payload, Timeout, headers, cancellationToken).ConfigureAwait(false);
        }
        catch (NoRespondersException e)
        {
            throw new NatsJetStreamException($"JetStream publish to '{subject}' failed: no stream captures the subject (or JetStream is off)", e);
        }
        using var json = Parse("publish", reply);
        var root = json.RootElement;
        return new NatsPubAck(root.GetProperty("stream").GetString()!, root.GetProperty("seq").GetUInt64(), root.TryGetProperty("duplicate", out var dup) && dup.GetBoolean());
    }

    private async Task<NatsStreamInfo> StreamCallAsync(string operation, NatsStreamConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body)) config.Write(json);
        using var reply = await CallAsync($"{operation}.{config.Name}", body.WrittenMemory, cancellationToken).ConfigureAwait(false);
        return ReadStreamInfo(reply.RootElement);
    }

    internal async Task<JsonDocument> CallAsync(string api, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        BusMessage reply;
        try
        {
            reply = await _connection.RequestAsync("$JS.API." + api, body, Timeout, null, cancellationToken).ConfigureAwait(false);
        }
        catch (NoRespondersException e)
        {
            throw new NatsJetStreamException($"JetStream {api} failed: no responders (is the server running with -js?)", e);
        }
        return Parse(api, reply);
    }

    private static JsonDocument Parse(string operation, BusMessage reply)
    {
        var json = JsonDocument.Parse(reply.Payload);
        if (json.RootElement.TryGetProperty("error", out var error))
        {
            using (json)
            {
                throw new NatsJetStreamException(operation,
                    error.TryGetProperty("code", out var code) ? code.GetInt32() : 0,
                    error.TryGetProperty("err_code", out var errCode) ? errCode.GetInt32() : 0,
                    error.TryGetProperty("description", out var description) ? description.GetString() ?? "" : "");
            }
        }
        return json;
    }

    private static NatsStreamInfo ReadStreamInfo(JsonElement root)
    {
        var state = root.GetProperty("state");
        return new NatsStreamInfo(
            NatsStreamConfig.Read(root.GetProperty("config")),
            state.GetProperty("messages").GetUInt64(),
            state.GetProperty("bytes").GetUInt64(),
            state.GetProperty("first_seq").GetUInt64(),
            state.GetProperty("last_seq").GetUInt64());
    }
}
