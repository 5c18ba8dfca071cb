namespace Deepwater.Cli.Commands;

/// <summary>Bad input from the person at the keyboard: printed as one line, exit code 2.</summary>
internal sealed class UserError(string message) : Exception(message);
