using System.Diagnostics;
using System.Text;

namespace Signals.Runtime.Deployment;

/// <summary>
/// Runs the <c>git</c> command (LibGit2Sharp is not served by our registry) with arguments passed
/// as a list, never through a shell, and the environment trimmed of anything that would redirect
/// the repository. A non-zero exit throws <see cref="GitException"/> with git's own message.
/// </summary>
internal static class GitCommand
{
    public static string Run(string workingDirectory, IReadOnlyList<string> arguments, string? standardInput = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // A GIT_DIR or GIT_INDEX_FILE inherited from a hook would point us at another repository.
        foreach (var name in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY" }) start.Environment.Remove(name);
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["LC_ALL"] = "C";
        if (environment is not null)
        {
            foreach (var (name, value) in environment) start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new GitException("git could not be started; is it installed?", arguments, -1);
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new GitException(error.Result.Trim(), arguments, process.ExitCode);
        return output;
    }
}

/// <summary>A git command failed; the message is git's.</summary>
public sealed class GitException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What git said.</param>
    /// <param name="arguments">The command's arguments.</param>
    /// <param name="exitCode">Its exit code.</param>
    public GitException(string message, IReadOnlyList<string> arguments, int exitCode)
        : base($"git {string.Join(' ', arguments.Take(2))} failed ({exitCode}): {message}")
    {
        ExitCode = exitCode;
    }

    /// <summary>Creates the exception.</summary>
    public GitException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public GitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public GitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>git's exit code.</summary>
    public int ExitCode { get; }
}
