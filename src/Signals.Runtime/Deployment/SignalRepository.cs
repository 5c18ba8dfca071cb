using System.Globalization;
using System.Text.RegularExpressions;

namespace Signals.Runtime.Deployment;

/// <summary>
/// The signals repository: a folder of <c>*.cs</c> files (one signal each, named by the file) in a
/// git repository, either its own or a subfolder of a larger one (the default <c>./signals</c>
/// of the project). Deployed means committed: readers take files from a commit, never from the
/// working tree, so an unsaved edit is never live.
/// </summary>
public sealed partial class SignalRepository
{
    private SignalRepository(string directory, string root, string prefix)
    {
        Directory = directory;
        Root = root;
        Prefix = prefix;
    }

    /// <summary>The signals folder.</summary>
    public string Directory { get; }

    /// <summary>The git repository's top level.</summary>
    public string Root { get; }

    /// <summary>The signals folder relative to <see cref="Root"/>, with a trailing slash, or empty.</summary>
    public string Prefix { get; }

    /// <summary>Opens the signals folder at <paramref name="directory"/>; with <paramref name="initialize"/>, creates it and a repository if there is none.</summary>
    /// <param name="directory">The signals folder.</param>
    /// <param name="initialize">Create the folder and run <c>git init</c> when it is not in a repository.</param>
    /// <returns>The repository.</returns>
    /// <exception cref="GitException">The folder is not in a git repository (and <paramref name="initialize"/> is false).</exception>
    public static SignalRepository Open(string directory, bool initialize = false)
    {
        var full = Path.GetFullPath(directory);
        if (initialize)
        {
            System.IO.Directory.CreateDirectory(full);
            if (!IsInRepository(full)) GitCommand.Run(full, ["init", "--quiet", "--initial-branch=main"]);
        }
        if (!System.IO.Directory.Exists(full)) throw new GitException($"the signals folder '{full}' does not exist");
        var root = GitCommand.Run(full, ["rev-parse", "--show-toplevel"]).Trim();
        var prefix = GitCommand.Run(full, ["rev-parse", "--show-prefix"]).Trim();
        return new SignalRepository(full, root, prefix);
    }

    /// <summary>Whether a signal name is valid: a file-name stem of letters, digits and underscores, starting with a letter.</summary>
    /// <param name="name">The name.</param>
    /// <returns>True when valid.</returns>
    public static bool IsValidName(string name) => name is { Length: > 0 and <= 64 } && NamePattern().IsMatch(name);

    /// <summary>The commit HEAD points at, or null in a repository with no commits.</summary>
    /// <returns>The 40-hex SHA or null.</returns>
    public string? Head()
    {
        try
        {
            return GitCommand.Run(Root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]).Trim();
        }
        catch (GitException)
        {
            return null;
        }
    }

    /// <summary>The signals at <paramref name="commit"/>: name → blob id, in name order.</summary>
    /// <param name="commit">A commit (SHA or ref).</param>
    /// <returns>The signal files in the folder (not in subfolders).</returns>
    public IReadOnlyList<SignalFile> List(string commit)
    {
        var listing = GitCommand.Run(Root, ["ls-tree", "-z", commit, "--", Prefix.Length == 0 ? "." : Prefix]);
        var files = new List<SignalFile>();
        foreach (var entry in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> <type> <object>\t<path>"
            var tab = entry.IndexOf('\t', StringComparison.Ordinal);
            var meta = entry[..tab].Split(' ');
            var path = entry[(tab + 1)..];
            if (meta[1] != "blob" || !path.EndsWith(".cs", StringComparison.Ordinal)) continue;
            var file = path[Prefix.Length..];
            if (file.Contains('/', StringComparison.Ordinal)) continue;
            var name = file[..^3];
            if (IsValidName(name)) files.Add(new SignalFile(name, path, meta[2]));
        }
        return [.. files.OrderBy(f => f.Name, StringComparer.Ordinal)];
    }

    /// <summary>A signal's source at <paramref name="commit"/>, or null when it has none there.</summary>
    /// <param name="commit">A commit.</param>
    /// <param name="name">The signal's name.</param>
    /// <returns>The source text.</returns>
    public string? ReadSource(string commit, string name)
    {
        ThrowIfInvalid(name);
        try
        {
            return GitCommand.Run(Root, ["show", $"{commit}:{Prefix}{name}.cs"]);
        }
        catch (GitException)
        {
            return null;
        }
    }

    /// <summary>The commits that changed a signal, newest first.</summary>
    /// <param name="name">The signal's name.</param>
    /// <param name="limit">The most to return.</param>
    /// <returns>Commit, author, time and subject of each.</returns>
    public IReadOnlyList<SignalCommit> History(string name, int limit = 50)
    {
        ThrowIfInvalid(name);
        if (Head() is null) return [];
        var log = GitCommand.Run(Root, ["log", $"-n{limit}", "--format=%H%x1f%an <%ae>%x1f%aI%x1f%s", "--", $"{Prefix}{name}.cs"]);
        return [.. log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var parts = line.Split('\x1f');
            return new SignalCommit(parts[0], parts[1], DateTimeOffset.Parse(parts[2], CultureInfo.InvariantCulture), parts[3]);
        })];
    }

    /// <summary>Writes <paramref name="source"/> as the signal's file and commits it (only that file).</summary>
    /// <param name="name">The signal's name.</param>
    /// <param name="source">The C# source.</param>
    /// <param name="message">The commit message.</param>
    /// <param name="author">The author, e.g. <c>claude-desktop (via MCP) &lt;mcp@deepwater.local&gt;</c>.</param>
    /// <returns>The new commit's SHA.</returns>
    public string Commit(string name, string source, string message, SignalAuthor author)
    {
        ThrowIfInvalid(name);
        ArgumentNullException.ThrowIfNull(source);
        File.WriteAllText(Path.Combine(Directory, name + ".cs"), source);
        GitCommand.Run(Root, ["add", "--", $"{Prefix}{name}.cs"]);
        return CommitStaged(name, message, author);
    }

    /// <summary>Removes the signal's file in a commit: the runtime unloads it.</summary>
    /// <param name="name">The signal's name.</param>
    /// <param name="message">The commit message.</param>
    /// <param name="author">The author.</param>
    /// <returns>The new commit's SHA.</returns>
    public string Remove(string name, string message, SignalAuthor author)
    {
        ThrowIfInvalid(name);
        GitCommand.Run(Root, ["rm", "--quiet", "--", $"{Prefix}{name}.cs"]);
        return CommitStaged(name, message, author);
    }

    /// <summary>
    /// Commits an earlier version of the signal again: by default the one before its latest change
    /// (which also restores a removed signal), or the version at <paramref name="toCommit"/>.
    /// </summary>
    /// <param name="name">The signal's name.</param>
    /// <param name="toCommit">The commit whose version to restore; null for the previous one.</param>
    /// <param name="author">The author.</param>
    /// <returns>The new commit's SHA.</returns>
    /// <exception cref="InvalidOperationException">There is no earlier version, or the commit has no such signal.</exception>
    public string Rollback(string name, string? toCommit, SignalAuthor author)
    {
        ThrowIfInvalid(name);
        var history = History(name, 2);
        var target = toCommit ?? (history.Count >= 2 ? history[1].Sha : throw new InvalidOperationException($"signal '{name}' has no earlier version to roll back to"));
        var source = ReadSource(target, name) ?? throw new InvalidOperationException($"commit {target} has no signal '{name}'");
        var sha = GitCommand.Run(Root, ["rev-parse", "--short=12", target]).Trim();
        return Commit(name, source, $"Roll back {name} to {sha}", author);
    }

    /// <summary>The repository's git directory (for watching it).</summary>
    /// <returns>The absolute path.</returns>
    public string GitDirectory() => Path.GetFullPath(GitCommand.Run(Root, ["rev-parse", "--absolute-git-dir"]).Trim());

    private string CommitStaged(string name, string message, SignalAuthor author)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        ArgumentNullException.ThrowIfNull(author);
        var identity = new Dictionary<string, string>
        {
            ["GIT_AUTHOR_NAME"] = author.Name,
            ["GIT_AUTHOR_EMAIL"] = author.Email,
            ["GIT_COMMITTER_NAME"] = author.Name,
            ["GIT_COMMITTER_EMAIL"] = author.Email,
        };
        // Only this signal's path: anything else staged in a shared repository stays staged.
        GitCommand.Run(Root, ["commit", "--quiet", "--no-verify", "-F", "-", "--", $"{Prefix}{name}.cs"], message, identity);
        return Head()!;
    }

    private static bool IsInRepository(string directory)
    {
        try
        {
            GitCommand.Run(directory, ["rev-parse", "--show-toplevel"]);
            return true;
        }
        catch (GitException)
        {
            return false;
        }
    }

    private static void ThrowIfInvalid(string name)
    {
        if (!IsValidName(name)) throw new ArgumentException($"'{name}' is not a signal name: use letters, digits and underscores, starting with a letter (at most 64)", nameof(name));
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex NamePattern();
}

/// <summary>One signal file at a commit.</summary>
/// <param name="Name">The signal's name (the file name without <c>.cs</c>).</param>
/// <param name="Path">Its path from the repository's top level.</param>
/// <param name="BlobId">git's object id of its content: equal ids, equal sources.</param>
public sealed record SignalFile(string Name, string Path, string BlobId);

/// <summary>A commit that changed a signal.</summary>
/// <param name="Sha">The commit.</param>
/// <param name="Author"><c>name &lt;email&gt;</c>.</param>
/// <param name="Time">The author time.</param>
/// <param name="Subject">The first line of the message.</param>
public sealed record SignalCommit(string Sha, string Author, DateTimeOffset Time, string Subject);

/// <summary>Who a commit is by.</summary>
/// <param name="Name">The name, e.g. the MCP client's.</param>
/// <param name="Email">An email address.</param>
public sealed record SignalAuthor(string Name, string Email)
{
    /// <summary>The address every agent's commit carries: how the runtime tells agent-written signals apart.</summary>
    public const string AgentEmail = "mcp@deepwater.local";

    /// <summary>The author of a commit an agent made through the MCP server.</summary>
    /// <param name="client">The MCP client's name, e.g. <c>claude-ai</c>.</param>
    /// <returns>The author.</returns>
    public static SignalAuthor ForAgent(string client) => new($"{(string.IsNullOrWhiteSpace(client) ? "unknown client" : client)} (via Deepwater MCP)", AgentEmail);

    /// <summary>Whether a commit's author line (<c>name &lt;email&gt;</c>) is an agent's.</summary>
    /// <param name="author">The author as <see cref="SignalCommit.Author"/> shows it.</param>
    /// <returns>True for an agent's commit.</returns>
    public static bool IsAgent(string author) => author?.EndsWith($"<{AgentEmail}>", StringComparison.Ordinal) == true;
}
