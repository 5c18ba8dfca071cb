using Market.Core.Bus;

namespace Signals.Runtime.Fires;

/// <summary>Subjects the runtime publishes on: <c>{env}.signals.{name}</c> for fires.</summary>
public static class SignalSubjects
{
    /// <summary>The subject of a signal's fires; the name is escaped so a dot cannot split it.</summary>
    /// <param name="environment">The environment token.</param>
    /// <param name="signal">The signal's name.</param>
    /// <returns>The subject.</returns>
    public static string For(string environment, string signal) => $"{environment}.signals.{Subjects.EscapeToken(signal)}";

    /// <summary>Every signal's fires in an environment.</summary>
    /// <param name="environment">The environment token.</param>
    /// <returns>The pattern <c>{env}.signals.*</c>.</returns>
    public static string All(string environment) => $"{environment}.signals.*";
}
