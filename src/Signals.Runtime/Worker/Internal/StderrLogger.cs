using Microsoft.Extensions.Logging;

namespace Signals.Runtime.Worker.Internal;

/// <summary>
/// The worker's logger: one line per entry on stderr, <c>level|message</c>, which the host parses and
/// forwards to its own logger. Stdout carries only the protocol.
/// </summary>
internal sealed class StderrLogger<T>(TextWriter error, LogLevel minimum = LogLevel.Information) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel)) return;
        var message = formatter(state, exception);
        if (exception is not null) message += " | " + exception.GetType().Name + ": " + exception.Message;
        // One line per entry, so a message with newlines cannot forge a level prefix.
        error.WriteLine($"{(int)logLevel}|{message.ReplaceLineEndings(" ")}");
    }
}
