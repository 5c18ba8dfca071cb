using Signals.Library.State;

namespace Signals.Library;

/// <summary>
/// A signal's handle on a shared state builder, returned by <see cref="SignalSetup.Use{TBuilder}"/>;
/// <see cref="SignalContext.State{TBuilder}(StateKey{TBuilder})"/> turns it into the current
/// instrument's builder.
/// </summary>
/// <typeparam name="TBuilder">The builder type.</typeparam>
public sealed class StateKey<TBuilder> : IStateKey
    where TBuilder : StateBuilder
{
    internal StateKey(StateSpec<TBuilder> spec) => Spec = spec;

    /// <summary>What the builder is.</summary>
    public StateSpec<TBuilder> Spec { get; }

    /// <summary>Where the runtime keeps the builder in each instrument's state; -1 until bound.</summary>
    internal int Slot { get; set; } = -1;

    StateSpec IStateKey.Spec => Spec;

    int IStateKey.Slot
    {
        get => Slot;
        set => Slot = value;
    }

    /// <summary>The spec's description.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Spec.Describe();
}
