using System.Globalization;
using System.Text;

namespace Market.Core.Bus.Nats;

/// <summary>A pull consumer: the client asks for batches (<c>$JS.API.CONSUMER.MSG.NEXT</c>) and acks each message.</summary>
public sealed class NatsPullConsumer : IAsyncDisposable
{
    private readonly NatsJetStream _jetStream;
    private readonly bool _durable;

    internal NatsPullConsumer(NatsJetStream jetStream, string stream, string name, bool durable)
    {
        _jetStream = jetStream;
        Stream = stream;
        Name = name;
        _durable = durable;
    }

    /// <summary>The stream read.</summary>
    public string Stream { get; }

    /// <summary>The consumer's name on the server.</summary>
    public string Name { get; }

    /// <summary>
    /// Up to <paramref name="batch"/> messages, waiting at most <paramref name="expires"/> for them;
    /// fewer (possibly none) when the stream has no more.
    /// </summary>
    public async Task<IReadOnlyList<NatsJsMessage>> FetchAsync(int batch, TimeSpan expires, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(expires, TimeSpan.FromMilliseconds(1));
        var connection = _jetStream.Connection;
        var messages = new List<NatsJsMessage>(batch);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inbox = connection.NewInbox();
        var subscription = connection.Subscribe(inbox, null, (in NatsMessage m) =>
        {
            // 404 no messages, 408 request expired, 409 consumer changed: the batch ends there.
            if (m.Status is 404 or 408 or 409)
            {
                done.TrySetResult();
                return;
            }
            if (m.Status != 0) return;
            var js = NatsJsMessage.From(m.ToBusMessage());
            if (js is null) return;
            lock (messages)
            {
                messages.Add(js);
                if (messages.Count >= batch) done.TrySetResult();
            }
        });
        try
        {
            var request = string.Create(CultureInfo.InvariantCulture, $"{{\"batch\":{batch},\"expires\":{NatsStreamConfig.Nanos(expires)}}}");
            await connection.PublishAsync($"$JS.API.CONSUMER.MSG.NEXT.{Stream}.{Name}", Encoding.UTF8.GetBytes(request), replyTo: inbox, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                await done.Task.WaitAsync(expires + _jetStream.Timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The server's 408 went missing; what arrived is the batch.
            }
        }
        finally
        {
            subscription.Unsubscribe();
        }
        lock (messages) return [.. messages];
    }

    /// <summary>Acknowledges <paramref name="message"/> so it is not redelivered.</summary>
    public ValueTask AckAsync(NatsJsMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _jetStream.Connection.PublishAsync(message.AckSubject, "+ACK"u8.ToArray(), cancellationToken: cancellationToken);
    }

    /// <summary>Deletes an ephemeral consumer; a durable one stays for the next reader.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_durable) await _jetStream.DeleteConsumerAsync(Stream, Name).ConfigureAwait(false);
    }
}
