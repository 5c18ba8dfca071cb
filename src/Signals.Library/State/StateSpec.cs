namespace Signals.Library.State;

/// <summary>
/// What a state builder is: its type, parameters and inputs, as a record so two equal specs are the
/// same builder. The runtime creates one builder per distinct spec and instrument, so ten signals
/// asking for <c>Indicators.Ema(Sources.MidPrice(), 20)</c> share one.
/// </summary>
public abstract record StateSpec
{
    /// <summary>A short, stable description, e.g. <c>ema(20, mid_price)</c>.</summary>
    /// <returns>The description.</returns>
    public abstract string Describe();

    /// <summary>Creates the builder, resolving inputs through <paramref name="inputs"/> (which creates and shares them first).</summary>
    /// <param name="inputs">Resolves the specs this one reads.</param>
    /// <returns>A new builder.</returns>
    protected internal abstract StateBuilder CreateBuilder(IStateInputs inputs);
}

/// <summary>A spec whose builder has type <typeparamref name="TBuilder"/>.</summary>
/// <typeparam name="TBuilder">The builder type signals read.</typeparam>
public abstract record StateSpec<TBuilder> : StateSpec
    where TBuilder : StateBuilder
{
    /// <summary>Creates the builder.</summary>
    /// <param name="inputs">Resolves the specs this one reads.</param>
    /// <returns>A new builder.</returns>
    protected abstract TBuilder Create(IStateInputs inputs);

    /// <inheritdoc/>
    protected internal sealed override StateBuilder CreateBuilder(IStateInputs inputs) => Create(inputs);
}

/// <summary>Gives a builder under construction the (shared) builders it reads.</summary>
public interface IStateInputs
{
    /// <summary>The instrument's builder for <paramref name="spec"/>, created first if new.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="spec">The input's spec.</param>
    /// <returns>The shared builder.</returns>
    TBuilder Get<TBuilder>(StateSpec<TBuilder> spec)
        where TBuilder : StateBuilder;
}
