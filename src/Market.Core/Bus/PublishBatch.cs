namespace Market.Core.Bus;

/// <summary>
/// An open run of publishes (<see cref="IBus.BeginPublishBatch"/>); disposing it closes the run.
/// The default value is a run with nothing to close.
/// </summary>
public readonly struct PublishBatch : IDisposable
{
    private readonly Action? _end;

    /// <summary>A run that <paramref name="end"/> closes.</summary>
    public PublishBatch(Action end) => _end = end;

    /// <summary>Closes the run: a transport that held its writes back sends them now.</summary>
    public void Dispose() => _end?.Invoke();
}
