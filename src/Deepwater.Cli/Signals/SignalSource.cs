using System.Globalization;
using Deepwater.Cli.Commands;
using Signals.Runtime.Deployment;

namespace Deepwater.Cli.Signals;

/// <summary>One signal version to run: its name, the file name diagnostics use, its source, and the commit it came from (empty for a draft).</summary>
internal sealed record SignalSource(string Name, string File, string Source, string Commit)
{
    /// <summary>A short label: the commit's first 12 characters, or <c>draft</c>.</summary>
    public string Version => Commit.Length == 0 ? "draft" : Commit[..Math.Min(12, Commit.Length)];

    /// <summary>Whether <paramref name="text"/> names a file rather than a signal or a commit.</summary>
    public static bool LooksLikeFile(string text) =>
        text.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) || text.Contains('/', StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal);

    /// <summary>A draft read from a .cs file; its name is the file's stem.</summary>
    public static SignalSource FromFile(string path, string argument)
    {
        if (!System.IO.File.Exists(path)) throw new UserError($"{argument}: no file '{path}'");
        var name = Path.GetFileNameWithoutExtension(path);
        if (!SignalRepository.IsValidName(name)) throw new UserError($"{argument}: '{name}' (the file's stem) is not a signal name: letters, digits and underscores, starting with a letter");
        return new SignalSource(name, path, System.IO.File.ReadAllText(path), "");
    }

    /// <summary>A signal as committed at <paramref name="commit"/> of the repository.</summary>
    public static SignalSource FromRepository(SignalRepository repository, string commit, string name, string argument)
    {
        if (!SignalRepository.IsValidName(name)) throw new UserError($"{argument}: '{name}' is not a signal name: letters, digits and underscores, starting with a letter");
        var files = ListAt(repository, commit, argument);
        var file = files.FirstOrDefault(f => f.Name == name)
            ?? throw new UserError($"{argument}: no signal '{name}' at {Short(commit)} of {repository.Directory}" + Known(files));
        var source = repository.ReadSource(commit, name) ?? throw new UserError($"{argument}: no signal '{name}' at {Short(commit)}");
        return new SignalSource(name, file.Path, source, Resolve(repository, commit));
    }

    /// <summary>The signal files at a commit; an unknown commit is the user's error.</summary>
    public static IReadOnlyList<SignalFile> ListAt(SignalRepository repository, string commit, string argument)
    {
        try
        {
            return repository.List(commit);
        }
        catch (GitException)
        {
            throw new UserError($"{argument}: '{commit}' is not a commit of {repository.Root}");
        }
    }

    /// <summary>Opens the signals repository, or says in one line why not.</summary>
    public static SignalRepository OpenRepository(string directory)
    {
        try
        {
            return SignalRepository.Open(directory);
        }
        catch (GitException e)
        {
            throw new UserError($"--signals: '{directory}' is not a folder in a git repository ({e.Message})");
        }
    }

    /// <summary>HEAD of the repository, or a user error when it has no commit.</summary>
    public static string Head(SignalRepository repository) =>
        repository.Head() ?? throw new UserError($"--signals: the repository at {repository.Root} has no commits yet");

    /// <summary>What fires carry as the commit: HEAD as its SHA, anything else as typed.</summary>
    private static string Resolve(SignalRepository repository, string commit) =>
        commit == "HEAD" ? repository.Head() ?? commit : commit;

    private static string Short(string commit) => commit.Length > 12 && commit.All(char.IsAsciiHexDigit) ? commit[..12] : commit;

    private static string Known(IReadOnlyList<SignalFile> files) =>
        files.Count == 0 ? " (it has none)" : string.Create(CultureInfo.InvariantCulture, $" (it has: {string.Join(", ", files.Select(f => f.Name).Take(20))})");
}
