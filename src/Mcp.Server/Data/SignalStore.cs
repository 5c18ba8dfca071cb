using Market.Core.Journal;
using Mcp.Server.Results;
using Signals.Runtime.Deployment;
using Signals.Runtime.Fires;

namespace Mcp.Server.Data;

/// <summary>
/// The signals as the tools see them in co-located mode: the git-backed repository (source,
/// history, commits) and the signal journal (fires), both read straight from disk. Turns bad names
/// and missing setup into errors that say what exists and what to do.
/// </summary>
public sealed class SignalStore(DeepwaterMcpOptions options)
{
    private readonly Lock _gate = new();
    private SignalRepository? _repository;
    private MmapJournal? _journal;

    /// <summary>The server's settings.</summary>
    public DeepwaterMcpOptions Options { get; } = options;

    /// <summary>The repository, or an error saying how to configure one.</summary>
    /// <param name="tool">The calling tool.</param>
    /// <returns>The repository.</returns>
    public SignalRepository Repository(string tool)
    {
        lock (_gate)
        {
            if (_repository is not null) return _repository;
            if (Options.SignalsDirectory is not { } directory)
            {
                throw new ToolError(ErrorCodes.NotConfigured, $"{tool}: this server has no signals repository",
                    "an operator starts the server with --signals DIR (a folder in a git repository)");
            }
            try
            {
                return _repository = SignalRepository.Open(directory);
            }
            catch (GitException e)
            {
                throw new ToolError(ErrorCodes.NotConfigured, $"{tool}: the signals folder '{directory}' is not in a git repository ({e.Message.Split('\n')[0]})",
                    "an operator creates it (git init, or deepwater run --init) or points --signals at one");
            }
        }
    }

    /// <summary>Checks a signal name: one file stem, no path.</summary>
    /// <param name="tool">The calling tool.</param>
    /// <param name="name">The name.</param>
    /// <returns>The name.</returns>
    public static string Name(string tool, string name)
    {
        if (SignalRepository.IsValidName(name)) return name;
        var why = name.IndexOfAny(['/', '\\', '.']) >= 0 ? "a name, not a path or file name" : "letters, digits and underscores, starting with a letter, at most 64";
        throw new ToolError(ErrorCodes.InvalidArgument, $"{tool}: '{Clip(name)}' is not a signal name ({why})",
            "pass 'name' like spread_blowout; the file signals/<name>.cs is implied");
    }

    /// <summary>HEAD, or null in a repository without commits.</summary>
    /// <param name="tool">The calling tool.</param>
    /// <returns>The SHA.</returns>
    public string? Head(string tool) => Repository(tool).Head();

    /// <summary>The signal's source at HEAD, or an error listing the signals there are.</summary>
    /// <param name="tool">The calling tool.</param>
    /// <param name="name">The signal's name.</param>
    /// <returns>The source and the HEAD commit.</returns>
    public (string Source, string Head) SourceAtHead(string tool, string name)
    {
        Name(tool, name);
        var repository = Repository(tool);
        var head = repository.Head();
        if (head is not null && repository.ReadSource(head, name) is { } source) return (source, head);
        throw Unknown(tool, name, head is null ? [] : repository.List(head).Select(f => f.Name).ToList());
    }

    /// <summary>An unknown-signal error naming some that exist.</summary>
    /// <param name="tool">The calling tool.</param>
    /// <param name="name">The name asked for.</param>
    /// <param name="known">The names there are.</param>
    /// <returns>The error.</returns>
    public static ToolError Unknown(string tool, string name, IReadOnlyList<string> known) =>
        new(ErrorCodes.UnknownSignal, $"{tool}: no signal '{name}' is committed ({(known.Count == 0 ? "there are none yet" : "signals: " + string.Join(", ", known.Take(30)))})",
            "list_signals shows every signal; commit_signal creates one");

    /// <summary>The signal journal, or null when nothing has fired in this environment yet.</summary>
    /// <returns>The journal.</returns>
    public MmapJournal? Journal()
    {
        lock (_gate)
        {
            if (_journal is not null) return _journal;
            var path = MmapJournal.PathFor(Options.DataDirectory, Options.Environment, SignalJournal.FeedName);
            if (!File.Exists(Path.Combine(path, "journal.meta"))) return null;
            return _journal = MmapJournal.Open(path);
        }
    }

    private static string Clip(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
