using Market.Core.Hosting;

namespace Market.Core.Pipeline;

/// <summary>The figures the status view shows.</summary>
public sealed partial class EmbeddedPipeline
{
    /// <summary>The feed's figures now; events per second are over the time since the previous call (since start on the first).</summary>
    /// <exception cref="InvalidOperationException">Not started.</exception>
    public FeedStatus Status()
    {
        var recorder = _recorder ?? throw new InvalidOperationException("the pipeline is not started");
        // Published first: read after it, events are never behind what was published.
        var published = _publisher!.Published;
        return recorder.Status("sim", _source!.State, published);
    }
}
