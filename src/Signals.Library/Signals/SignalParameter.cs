namespace Signals.Library;

/// <summary>A tunable number a signal declares; backtests and deployments may override it by name.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Default">The value when nothing overrides it.</param>
/// <param name="Value">The value in force.</param>
/// <param name="Description">What it controls.</param>
public sealed record SignalParameter(string Name, double Default, double Value, string Description);
