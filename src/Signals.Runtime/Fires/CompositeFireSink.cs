using Signals.Library;

namespace Signals.Runtime.Fires;

/// <summary>
/// Passes each fire to several sinks in order (the journal first, then actions). A sink that
/// throws is counted and skipped for that fire; the others still get it.
/// </summary>
/// <param name="sinks">The sinks, in the order they see fires.</param>
public sealed class CompositeFireSink(params IFireSink[] sinks) : IFireSink
{
    private long _failures;

    /// <summary>Times a sink threw.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>The last sink failure's message, or null.</summary>
    public string? LastFailure { get; private set; }

    /// <inheritdoc/>
    public void OnFire(in SignalFire fire)
    {
        foreach (var sink in sinks)
        {
            try
            {
                sink.OnFire(fire);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Interlocked.Increment(ref _failures);
                LastFailure = $"{sink.GetType().Name}: {e.Message}";
            }
        }
    }
}
