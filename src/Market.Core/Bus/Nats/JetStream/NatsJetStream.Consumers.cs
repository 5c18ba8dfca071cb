using System.Buffers;
using System.Text.Json;

namespace Market.Core.Bus.Nats;

public sealed partial class NatsJetStream
{
    /// <summary>
    /// An ordered consumer: an ephemeral push consumer without acks that delivers the stream in
    /// order from <paramref name="start"/>; on a gap it is recreated from the next sequence.
    /// </summary>
    public async Task<NatsOrderedConsumer> CreateOrderedConsumerAsync(string stream, NatsConsumerStart start, string? filterSubject = null, CancellationToken cancellationToken = default)
    {
        var consumer = new NatsOrderedConsumer(this, stream, filterSubject);
        await consumer.StartAsync(start, cancellationToken).ConfigureAwait(false);
        return consumer;
    }

    /// <summary>A pull consumer with explicit acks; fetch batches with <see cref="NatsPullConsumer.FetchAsync"/>. Ephemeral unless <paramref name="durableName"/> is set.</summary>
    public async Task<NatsPullConsumer> CreatePullConsumerAsync(string stream, NatsConsumerStart start, string? durableName = null, string? filterSubject = null, CancellationToken cancellationToken = default)
    {
        var name = await CreateConsumerAsync(stream, durableName, json =>
        {
            start.Write(json);
            json.WriteString("ack_policy", "explicit");
            json.WriteString("replay_policy", "instant");
            if (filterSubject is not null) json.WriteString("filter_subject", filterSubject);
            if (durableName is null) json.WriteNumber("inactive_threshold", NatsStreamConfig.Nanos(TimeSpan.FromMinutes(5)));
        }, cancellationToken).ConfigureAwait(false);
        return new NatsPullConsumer(this, stream, name, durable: durableName is not null);
    }

    internal async Task<string> CreateConsumerAsync(string stream, string? durableName, Action<Utf8JsonWriter> config, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("stream_name", stream);
            json.WriteStartObject("config");
            if (durableName is not null) json.WriteString("durable_name", durableName);
            config(json);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        var api = durableName is null ? $"CONSUMER.CREATE.{stream}" : $"CONSUMER.DURABLE.CREATE.{stream}.{durableName}";
        using var reply = await CallAsync(api, body.WrittenMemory, cancellationToken).ConfigureAwait(false);
        return reply.RootElement.GetProperty("name").GetString()!;
    }

    internal async Task DeleteConsumerAsync(string stream, string name)
    {
        try
        {
            using var _ = await CallAsync($"CONSUMER.DELETE.{stream}.{name}", default, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or TimeoutException or ObjectDisposedException)
        {
            // Best effort: an ephemeral consumer also goes away on its own once inactive.
        }
    }
}
