using Deepwater.Cli.Commands;

namespace Deepwater.Cli.Tests;

/// <summary>Runs the <c>deepwater</c> command tree in-process, capturing stdout and stderr.</summary>
internal sealed class CliRunner(string data)
{
    public string Data { get; } = data;

    public (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = DeepwaterCommand.Run([.. arguments, "--data", Data], output, error);
        return (code, output.ToString(), error.ToString());
    }

    public string[] Lines(params string[] arguments)
    {
        var (code, output, error) = Run(arguments);
        Assert.True(code == 0, $"deepwater {string.Join(' ', arguments)} exited {code}: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
