using System.CommandLine;
using System.Globalization;
using Deepwater.Cli.Signals;
using Market.Core.Journal;
using Market.Core.Time;
using Signals.Library;
using Signals.Runtime.Replay;

namespace Deepwater.Cli.Commands;

/// <summary>
/// <c>deepwater signals backtest &lt;file|name&gt; --feed F [--feed G] [--symbol S] --from T --to T [--speed max|1x|10x] [--param k=v]</c>:
/// one signal version over recorded journals, fires and a summary printed.
/// </summary>
internal static class SignalsBacktestCommand
{
    public static readonly Option<string[]> Feeds = new("--feed") { Description = "A feed journal to replay (repeat for several)", Required = true };
    public static readonly Option<string?> Symbol = new("--symbol") { Description = "Only this symbol (* and ? allowed)" };
    public static readonly Option<string> From = new("--from") { Description = "Start of the receive-time range (inclusive): ISO-8601 or relative (now-1h, 15m)", Required = true };
    public static readonly Option<string> To = new("--to") { Description = "End of the range (exclusive)", Required = true };
    public static readonly Option<string[]> Params = new("--param") { Description = "A parameter override, name=value (repeat for several)" };

    private static readonly Argument<string> Target = new("file|name") { Description = "A signal's .cs file, or the name of a signal committed at HEAD of --signals" };
    private static readonly Option<string> Speed = new("--speed") { Description = "max (as fast as possible) or a multiple of real time: 1x, 10x", DefaultValueFactory = _ => "max" };
    private static readonly Option<string> Format = TableOrJsonl(new("--format") { Description = "table or jsonl (fires as JSON lines; the summary goes to stderr)", DefaultValueFactory = _ => "table" });
    private static readonly Option<int> Limit = new("--limit") { Description = "Print at most this many fires (the summary counts all)", DefaultValueFactory = _ => 50 };

    public static Command Build()
    {
        var command = new Command("backtest", "Replay recorded journals through a signal: its fires and a summary")
        {
            Target, Feeds, Symbol, From, To, Speed, Params, Format, Limit,
        };
        // Synchronous work: the replay runs on this thread (or the progress bar's worker).
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse, cancellation)));
        return command;
    }

    private static int Run(ParseResult parse, CancellationToken cancellation)
    {
        var shown = parse.GetValue(Limit);
        if (shown < 0) throw new UserError($"--limit must be 0 or more (got {shown})");
        var multiple = ParseSpeed(parse.GetValue(Speed)!);
        var argument = parse.GetValue(Target)!;
        var signal = SignalSource.LooksLikeFile(argument) || File.Exists(argument)
            ? SignalSource.FromFile(argument, "file|name")
            : SignalSource.FromRepository(SignalSource.OpenRepository(parse.GetValue(SignalsCommand.Directory)!), "HEAD", argument, "file|name");
        var parameters = ParseParameters(parse, signal);
        var (from, to) = Range(parse);
        using var journals = OpenFeeds(parse);
        var options = new ReplayOptions { From = from, To = to, Symbols = journals.Symbols, Speed = multiple, ProgressEvery = 65_536 };
        var json = parse.GetValue(Format) == "jsonl";
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var run = Execute(parse, signal, parameters, journals, options, cancellation);
        if (run is null) return 1;
        var report = json ? error : output;
        if (!json && shown > 0 && run.Fires.Count > 0) output.WriteLine(FireText.TableHeader);
        foreach (var fire in run.Fires.Take(shown)) output.WriteLine(FireText.Format(fire, json));
        if (run.Fires.Count > shown) report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"… {run.Fires.Count - shown} more fires (raise --limit to see them)"));
        BacktestSummary.Write(report, run, journals.Names, from, to);
        return run.Replay.Cancelled ? 130 : 0;
    }

    /// <summary>Runs one backtest with a progress bar on a terminal; compile and load failures are printed and give null.</summary>
    public static BacktestRun? Execute(ParseResult parse, SignalSource signal, IReadOnlyDictionary<string, double>? parameters, FeedJournals journals,
        ReplayOptions options, CancellationToken cancellation)
    {
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return ReplayProgressBar.Run(error, $"{signal.Name} ({signal.Version})", options.From!.Value, options.To!.Value,
                progress => Backtest.Run(signal, parameters, journals.Sources, options with { Progress = progress }, cancellation));
        }
        catch (BacktestException e)
        {
            foreach (var d in e.Diagnostics) error.WriteLine(SignalsCommand.Format(d));
            error.WriteLine($"deepwater: {e.Signal.Name} ({e.Signal.Version}): {e.Message}");
            return null;
        }
    }

    /// <summary>--from and --to as UTC ns; --to must come after --from.</summary>
    public static (long From, long To) Range(ParseResult parse)
    {
        var now = UnixNanos.FromDateTimeOffset(DateTimeOffset.UtcNow);
        var from = JournalCommand.Instant(parse.GetValue(From)!, now, "--from");
        var to = JournalCommand.Instant(parse.GetValue(To)!, now, "--to");
        return to > from ? (from, to) : throw new UserError($"--to ({UnixNanos.Format(to)}) must be after --from ({UnixNanos.Format(from)})");
    }

    /// <summary>Opens every --feed journal; a missing one, or a --symbol none of them has, is the user's error.</summary>
    public static FeedJournals OpenFeeds(ParseResult parse)
    {
        var names = parse.GetValue(Feeds)!.Distinct(StringComparer.Ordinal).ToList();
        var journals = new FeedJournals(names);
        try
        {
            foreach (var name in names) journals.Add(DeepwaterCommand.OpenExisting(parse, name));
            if (parse.GetValue(Symbol) is { } symbol)
            {
                var pattern = symbol.IndexOfAny(['*', '?']) >= 0;
                if (!pattern && !journals.Sources.Any(s => s.Journal.Symbols.TryGetId(symbol, out _)))
                {
                    throw new UserError($"--symbol: no feed of {string.Join(", ", names)} has symbol '{symbol}'");
                }
                journals.Symbols = [symbol];
            }
            return journals;
        }
        catch
        {
            journals.Dispose();
            throw;
        }
    }

    /// <summary>--param name=value pairs; a name the signal does not declare is refused when its declarations are literal.</summary>
    public static IReadOnlyDictionary<string, double>? ParseParameters(ParseResult parse, SignalSource signal)
    {
        var pairs = parse.GetValue(Params) ?? [];
        if (pairs.Length == 0) return null;
        var declared = SignalSyntax.Read(signal.Source).Parameters;
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new UserError($"--param: '{pair}' is not name=value");
            var name = pair[..eq].Trim();
            if (!double.TryParse(pair[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                throw new UserError($"--param: '{pair[(eq + 1)..]}' is not a number (in '{pair}')");
            }
            if (declared is not null && !declared.Contains(name, StringComparer.Ordinal))
            {
                throw new UserError($"--param: {signal.Name} declares no parameter '{name}'" + (declared.Count == 0 ? " (it has none)" : $" (it has: {string.Join(", ", declared)})"));
            }
            result[name] = value;
        }
        return result;
    }

    private static Option<string> TableOrJsonl(Option<string> option)
    {
        option.AcceptOnlyFromAmong("table", "jsonl");
        return option;
    }

    private static double? ParseSpeed(string text)
    {
        if (text == "max") return null;
        if (text.EndsWith('x') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var multiple) && multiple > 0 && double.IsFinite(multiple))
        {
            return multiple;
        }
        throw new UserError($"--speed: '{text}' is not a speed: use max, or a positive multiple of real time such as 1x or 10x");
    }
}

/// <summary>The journals of a backtest's feeds, closed together.</summary>
internal sealed class FeedJournals(IReadOnlyList<string> names) : IDisposable
{
    private readonly List<MmapJournal> _journals = [];

    public IReadOnlyList<string> Names { get; } = names;

    public List<ReplaySource> Sources { get; } = [];

    public IReadOnlyList<string>? Symbols { get; set; }

    public void Add(MmapJournal journal)
    {
        _journals.Add(journal);
        Sources.Add(new ReplaySource(journal));
    }

    public void Dispose()
    {
        foreach (var journal in _journals) journal.Dispose();
    }
}
