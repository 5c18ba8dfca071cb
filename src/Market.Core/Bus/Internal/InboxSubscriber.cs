using System.Collections.Concurrent;

namespace Market.Core.Bus.Internal;

/// <summary>
/// Receives replies on a bus's inbox (<c>_INBOX.&lt;id&gt;.*</c>) and completes the waiting request
/// directly: no queue and no pump task. The first reply wins; later ones find nothing pending.
/// </summary>
internal sealed class InboxSubscriber(string pattern, ConcurrentDictionary<string, TaskCompletionSource<BusMessage>> pending)
    : Subscriber(pattern, queueGroup: null)
{
    public override ValueTask<bool> DeliverAsync(BusMessage message, CancellationToken cancellationToken)
    {
        if (pending.TryRemove(message.Subject, out var request)) request.TrySetResult(message);
        return new ValueTask<bool>(true);
    }

    public override void Close()
    {
    }
}
