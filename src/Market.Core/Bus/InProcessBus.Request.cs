using System.Globalization;

namespace Market.Core.Bus;

public sealed partial class InProcessBus
{
    /// <inheritdoc/>
    public async Task<BusMessage> RequestAsync(string subject, ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Subjects.ValidatePublish(subject, nameof(subject));
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "a request timeout must be positive (or infinite)");
        }
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        var inbox = _inboxPrefix + Interlocked.Increment(ref _nextInbox).ToString(CultureInfo.InvariantCulture);
        var reply = new TaskCompletionSource<BusMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Registered before publishing: a responder may reply before the publish returns.
        _pending[inbox] = reply;
        try
        {
            var delivered = await DeliverAsync(subject, payload, headers: null, inbox, cancellationToken).ConfigureAwait(false);
            if (delivered == 0) throw new NoRespondersException(subject);
            try
            {
                return await reply.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"no reply to the request on '{subject}' within {timeout.TotalMilliseconds:0.###} ms", e);
            }
        }
        finally
        {
            _pending.TryRemove(inbox, out _);
        }
    }
}
