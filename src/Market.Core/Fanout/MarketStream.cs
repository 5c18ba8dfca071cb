using System.Text;
using Market.Core.Bus.Nats;

namespace Market.Core.Fanout;

/// <summary>
/// The JetStream stream that captures an environment's market subjects (<c>{env}.*.*.*</c>) as the
/// core publishes them with plain PUB: <c>{ENV}_MARKET</c>, file storage. The journal stays the
/// system of record; the stream is a replicated copy for consumers on other machines. Its limits are
/// in <c>src/Market.Core/Bus/README.md</c> ("JetStream mode and its limits").
/// </summary>
public static class MarketStream
{
    /// <summary>The most replicas JetStream allows.</summary>
    public const int MaxReplicas = 5;

    /// <summary>The duplicate window used unless the max age is shorter: the server's default, 2 minutes.</summary>
    public static readonly TimeSpan DefaultDuplicateWindow = TimeSpan.FromMinutes(2);

    /// <summary>
    /// <c>{ENV}_MARKET</c>: the environment upper-cased, any character a stream name may not hold
    /// (anything but letters, digits, '-' and '_') replaced by '_'.
    /// </summary>
    public static string Name(string environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        var name = new StringBuilder(environment.Length + 7);
        foreach (var c in environment.ToUpperInvariant()) name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        return name.Append("_MARKET").ToString();
    }

    /// <summary>The subjects captured: <c>{env}.*.*.*</c>, every feed, kind and symbol.</summary>
    public static string Subject(string environment) => $"{environment}.*.*.*";

    /// <summary>
    /// The stream's configuration: file storage, <paramref name="replicas"/> copies, messages older
    /// than <paramref name="maxAge"/> removed (null keeps them), no acks (the core publishes plain
    /// PUB, and <c>{env}.svc.*</c> requests also match the subjects: an ack would answer them).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="replicas"/> is not 1 to 5, or <paramref name="maxAge"/> is not positive.</exception>
    public static NatsStreamConfig Config(string environment, int replicas = 1, TimeSpan? maxAge = null, long? maxBytes = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicas, MaxReplicas);
        if (maxAge is { } age) ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(age, TimeSpan.Zero, nameof(maxAge));
        // The server refuses a duplicate window longer than the max age.
        var window = maxAge is { } limit && limit < DefaultDuplicateWindow ? limit : DefaultDuplicateWindow;
        return new NatsStreamConfig(Name(environment), [Subject(environment)])
        {
            Storage = NatsStorage.File,
            Replicas = replicas,
            MaxAge = maxAge,
            MaxBytes = maxBytes,
            DuplicateWindow = window,
            NoAck = true,
        };
    }

    /// <summary>
    /// Creates the stream, or updates it when one of that name exists with another configuration.
    /// Returns its info and whether it was created (false: it existed and was updated).
    /// </summary>
    /// <exception cref="NatsJetStreamException">JetStream is off on the server, or the server refused (e.g. more replicas than the cluster has servers).</exception>
    public static async Task<(NatsStreamInfo Info, bool Created)> EnsureAsync(NatsJetStream jetStream, NatsStreamConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jetStream);
        ArgumentNullException.ThrowIfNull(config);
        try
        {
            await jetStream.GetStreamInfoAsync(config.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJetStreamException e) when (e.ErrorCode == StreamNotFound)
        {
            return (await jetStream.CreateStreamAsync(config, cancellationToken).ConfigureAwait(false), true);
        }
        return (await jetStream.UpdateStreamAsync(config, cancellationToken).ConfigureAwait(false), false);
    }

    private const int StreamNotFound = 10059;
}
