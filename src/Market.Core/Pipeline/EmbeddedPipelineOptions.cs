using Market.Core.Books;
using Market.Core.Feeds.Sim;
using Market.Core.Journal;

namespace Market.Core.Pipeline;

/// <summary>Settings of <see cref="EmbeddedPipeline"/>: one simulated feed recorded under <c>{DataDirectory}/{Environment}/{Feed}</c>.</summary>
/// <param name="DataDirectory">Where journals live.</param>
/// <param name="Environment">The environment folder and first subject token.</param>
/// <param name="Feed">The feed's name: its journal folder and subject token.</param>
/// <param name="Rate">Target events per second; 0 runs as fast as the machine allows.</param>
/// <param name="MaxEvents">Stop producing after this many events; null runs until stopped.</param>
/// <param name="Sim">The simulated venue's settings; null for the defaults.</param>
/// <param name="Checkpoints">When to write book checkpoints; null for the defaults.</param>
/// <param name="Journal">Journal settings; null for the defaults.</param>
public sealed record EmbeddedPipelineOptions(
    string DataDirectory,
    string Environment = "dev",
    string Feed = "sim",
    long Rate = 10_000,
    long? MaxEvents = null,
    SimOptions? Sim = null,
    BookCheckpointOptions? Checkpoints = null,
    JournalOptions? Journal = null)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting; returns this.</summary>
    public EmbeddedPipelineOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory)) throw new ArgumentException("the pipeline needs a data directory", nameof(DataDirectory));
        if (Rate < 0) throw new ArgumentException($"rate must not be negative, not {Rate}", nameof(Rate));
        if (MaxEvents is < 1) throw new ArgumentException($"max events must be at least 1, not {MaxEvents}", nameof(MaxEvents));
        (Sim ?? new SimOptions()).Validate();
        return this;
    }
}
