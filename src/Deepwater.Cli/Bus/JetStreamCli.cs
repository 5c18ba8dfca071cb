using System.CommandLine;
using System.Globalization;
using Deepwater.Cli.Commands;
using Market.Core.Bus.Nats;
using Market.Core.Fanout;
using Market.Core.Time;

namespace Deepwater.Cli.Bus;

/// <summary>
/// <c>deepwater core --jetstream [--jetstream-replicas N] [--jetstream-max-age 7d]</c>: at start the
/// core creates or updates the <c>{ENV}_MARKET</c> stream (<see cref="MarketStream"/>) capturing
/// <c>{env}.*.*.*</c>. Publishing stays plain PUB; the stream captures from the subjects.
/// </summary>
internal sealed class JetStreamCli
{
    /// <summary>Turns JetStream mode on (needs <c>--bus</c>).</summary>
    public Option<bool> JetStream { get; } = new("--jetstream") { Description = "Create or update the {ENV}_MARKET JetStream stream capturing {env}.*.*.* (needs --bus; the server must run with JetStream)" };

    /// <summary>The stream's replicas.</summary>
    public Option<int> Replicas { get; } = new("--jetstream-replicas") { Description = "Copies of the stream across the cluster, 1 to 5 (at most the cluster size; odd for quorum)", DefaultValueFactory = _ => 1 };

    /// <summary>The stream's max age.</summary>
    public Option<string?> MaxAge { get; } = new("--jetstream-max-age") { Description = "Remove stream messages older than this, e.g. 7d (default: kept)" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(JetStream);
        command.Options.Add(Replicas);
        command.Options.Add(MaxAge);
    }

    /// <summary>The stream configuration from the command line; null without <c>--jetstream</c>. Bad input is a <see cref="UserError"/>.</summary>
    public NatsStreamConfig? Config(ParseResult parse, string environment, bool hasBus)
    {
        var replicas = parse.GetValue(Replicas);
        var maxAgeText = parse.GetValue(MaxAge);
        if (!parse.GetValue(JetStream))
        {
            if (maxAgeText is not null || parse.GetResult(Replicas) is { Implicit: false }) throw new UserError("--jetstream-replicas and --jetstream-max-age need --jetstream");
            return null;
        }
        if (!hasBus) throw new UserError("--jetstream needs --bus nats://host:port");
        if (replicas is < 1 or > MarketStream.MaxReplicas) throw new UserError($"--jetstream-replicas: {replicas} is not 1 to {MarketStream.MaxReplicas}");
        TimeSpan? maxAge = null;
        if (maxAgeText is not null)
        {
            maxAge = TimeExpression.TryParseDuration(maxAgeText, out var nanos, out var error) && nanos > 0
                ? TimeSpan.FromTicks(nanos / 100)
                : throw new UserError($"--jetstream-max-age: {(error.Length > 0 ? error : "must be positive")}");
        }
        return MarketStream.Config(environment, replicas, maxAge);
    }

    /// <summary>
    /// Creates or updates the stream and returns the line describing it. JetStream off on the server,
    /// or a refusal (more replicas than servers), is a <see cref="JetStreamSetupException"/> (one line, exit 1).
    /// </summary>
    public static async Task<string> EnsureAsync(NatsConnection connection, NatsStreamConfig config, CancellationToken cancellation)
    {
        try
        {
            var (info, created) = await MarketStream.EnsureAsync(new NatsJetStream(connection), config, cancellation).ConfigureAwait(false);
            var c = info.Config;
            return string.Create(CultureInfo.InvariantCulture,
                $"deepwater: jetstream stream={c.Name} {(created ? "created" : "updated")} subjects={string.Join(",", c.Subjects)} storage={c.Storage.ToString().ToLowerInvariant()} replicas={c.Replicas} max_age={Span(c.MaxAge)} duplicate_window={Span(c.DuplicateWindow)} messages={info.Messages} bytes={info.Bytes} first_seq={info.FirstSequence} last_seq={info.LastSequence}");
        }
        catch (NatsJetStreamException e)
        {
            throw new JetStreamSetupException($"cannot set up JetStream stream {config.Name}: {e.Message}");
        }
    }

    private static string Span(TimeSpan? span) => span switch
    {
        null => "unlimited",
        { } s when s.Ticks % TimeSpan.TicksPerDay == 0 => $"{s.Ticks / TimeSpan.TicksPerDay}d",
        { } s when s.Ticks % TimeSpan.TicksPerHour == 0 => $"{s.Ticks / TimeSpan.TicksPerHour}h",
        { } s when s.Ticks % TimeSpan.TicksPerMinute == 0 => $"{s.Ticks / TimeSpan.TicksPerMinute}m",
        { } s => string.Create(CultureInfo.InvariantCulture, $"{s.TotalSeconds}s"),
    };
}

/// <summary>The JetStream stream could not be created or updated: one line on stderr, exit code 1 (an IOException, as the CLI reports those).</summary>
internal sealed class JetStreamSetupException(string message) : IOException(message);
