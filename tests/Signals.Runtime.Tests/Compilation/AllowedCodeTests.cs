using Signals.Runtime.Compilation;

namespace Signals.Runtime.Tests.Compilation;

/// <summary>Ordinary signal code the sandbox must let through.</summary>
public sealed class AllowedCodeTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "foreach list and dictionary", Probe.InTimer("var l = new List<int> { 1, 2 }; var d = new Dictionary<string, int> { [\"a\"] = 1 }; var s = 0; foreach (var x in l) s += x; foreach (var (k, v) in d) s += v + k.Length;") },
        { "linq methods", Probe.InTimer("var l = new List<double> { 1, 2, 3 }; var m = l.Where(x => x > 1).Select(x => x * 2).OrderBy(x => x).Sum();") },
        { "linq query", Probe.InTimer("var l = new List<int> { 1, 2, 3 }; var q = (from x in l where x % 2 == 1 orderby x descending select x * 10).ToList();") },
        { "interpolation", Probe.InTimer("var x = 1.5; var s = $\"x={x:F2} at {context.Now} {context.Symbol,8}\"; context.Log(s);") },
        { "invariant formatting", Probe.InTimer("var s = 1.5.ToString(\"F1\", System.Globalization.CultureInfo.InvariantCulture) + string.Create(System.Globalization.CultureInfo.InvariantCulture, $\"{2.5}\");") },
        { "records", Probe.InTimer("var a = new Level(1.0, 2); var b = a with { Size = 3 }; context.Log(a.ToString() + (a == b));", "public sealed record Level(double Price, long Size);") },
        { "record struct", Probe.InTimer("var a = new P(1, 2); var (x, y) = a; context.Log($\"{a} {x + y}\");", "public readonly record struct P(int X, int Y);") },
        { "tuples", Probe.InTimer("var t = (a: 1, b: \"x\"); var (n, s) = t; (int, int) u = (1, 2); context.Log($\"{t.a}{s}{u.Item2}\");") },
        { "private nested class", Probe.InTimer("var w = new Window(3); w.Add(1.0);", "private sealed class Window(int size) { private readonly Queue<double> _q = new(); public void Add(double x) { _q.Enqueue(x); while (_q.Count > size) _q.Dequeue(); } }") },
        { "lambdas", Probe.InTimer("Func<int, int> sq = x => x * x; Action<int> log = x => context.Log(x.ToString()); Comparison<int> c = (a, b) => b.CompareTo(a); log(sq(3));") },
        { "local functions", Probe.InTimer("int Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2); static double Half(double x) { return x / 2; } context.Log((Fib(10) + Half(3)).ToString());") },
        { "const", Probe.InTimer("var x = Limit * 2;", "private const double Limit = 20;") },
        { "static readonly double", Probe.InTimer("var x = Limit * 2;", "private static readonly double Limit = Math.Sqrt(2);") },
        { "math", Probe.InTimer("var x = Math.Sqrt(2) + Math.Abs(-1) + Math.Max(1, 2) + MathF.Sin(1f) + Math.Round(2.5, MidpointRounding.AwayFromZero);") },
        { "fire", Probe.InTimer("context.Fire(\"x\", (\"a\", 1.0), (\"b\", 2));") },
        { "fire with many fields", Probe.InTimer("context.Alert(\"x\", (\"a\", 1.0), (\"b\", 2L), (\"c\", \"t\"), (\"d\", true));") },
        { "collection expressions", Probe.InTimer("List<int> l = [1, 2, 3]; int[] a = [.. l, 4]; ReadOnlySpan<double> s = [1.0, 2.0]; context.Log($\"{l.Count}{a.Length}{s.Length}\");") },
        { "spans and memory extensions", Probe.InTimer("Span<double> s = stackalloc double[16]; s.Fill(1); var sum = 0.0; foreach (var x in s) sum += x; var i = \"a,b\".AsSpan().IndexOf(',');") },
        { "sorted and priority collections", Probe.InTimer("var sd = new SortedDictionary<long, double>(); sd[1] = 2; var pq = new PriorityQueue<string, int>(); pq.Enqueue(\"a\", 1); var hs = new HashSet<int> { 1 }; var st = new Stack<int>(); st.Push(1); var ll = new LinkedList<int>(); ll.AddLast(1);") },
        { "string builder", Probe.InTimer("var sb = new System.Text.StringBuilder(); sb.Append(1).Append('x'); context.Log(sb.ToString());") },
        { "time types", Probe.InTimer("var t = context.UtcNow + TimeSpan.FromSeconds(1); var d = DateTimeOffset.FromUnixTimeMilliseconds(0); var ok = t > d.UtcDateTime;") },
        { "array helpers", Probe.InTimer("var a = new[] { 3, 1, 2 }; Array.Sort(a); var i = Array.BinarySearch(a, 2); Array.Resize(ref a, 5); Array.Fill(a, 0); var n = a.Length;") },
        { "pattern matching", Probe.InTimer("object o = 1.5; var s = o switch { double d when d > 1 => \"big\", int => \"int\", _ => \"other\" }; int[] arr = [1, 2, 3]; if (arr is [1, .. var rest]) context.Log(rest.Length.ToString());") },
        { "exceptions and try", Probe.InTimer("try { throw new InvalidOperationException(\"x\"); } catch (InvalidOperationException e) when (e.Message == \"x\") { } catch { } finally { context.Log(\"done\"); }") },
        { "generic method and interface", Probe.InTimer("var m = Max(1, 2);", "private static T Max<T>(T a, T b) where T : IComparable<T> => a.CompareTo(b) >= 0 ? a : b;") },
        { "enum", Probe.InTimer("var k = EventKinds.Trade | EventKinds.Quote; var has = k.HasFlag(EventKinds.Trade); var s = k.ToString();") },
        { "properties and indexer", Probe.InTimer("Count++; var x = this[1];", "private int Count { get; set; } private int this[int i] => i * Count;") },
        { "operators and conversions", Probe.InTimer("var a = new Money(1) + new Money(2); long raw = a;", "private readonly record struct Money(long Raw) { public static Money operator +(Money x, Money y) => new(x.Raw + y.Raw); public static implicit operator long(Money m) => m.Raw; }") },
        { "goto and switch", Probe.InTimer("var i = 0; again: i++; if (i < 3) goto again; switch (i) { case 3: goto default; default: break; }") },
        { "nullable", Probe.InTimer("double? x = null; var y = x ?? 1; int? n = 3; var z = n.HasValue ? n.Value : 0;") },
        { "ranges and indices", Probe.InTimer("var a = new[] { 1, 2, 3 }; var b = a[1..]; var c = a[^1]; var s = \"abcd\"[1..^1]; var sp = a.AsSpan()[..2];") },
        { "strings", Probe.InTimer("var j = string.Join(\",\", new[] { \"a\", \"b\" }); var p = j.Split(',').Select(x => x.Trim().ToUpperInvariant()).ToArray(); var ok = j.StartsWith(\"a\", StringComparison.Ordinal) && double.TryParse(\"1.5\", System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d);") },
        { "user types", Probe.InTimer("IShape s = new Square(2); var r = new Ring<double>(4); r.Push(s.Area); var m = r.Max(); context.Log(s?.ToString() ?? \"\");", "private interface IShape { double Area { get; } } private readonly struct Square(double side) : IShape { public double Area => side * side; } private sealed class Ring<T>(int size) : IEnumerable<T> { private readonly T[] _items = new T[size]; private int _n; public void Push(T x) { _items[_n++ % _items.Length] = x; } public IEnumerator<T> GetEnumerator() { for (var i = 0; i < Math.Min(_n, _items.Length); i++) yield_(i); return ((IEnumerable<T>)_items[..Math.Min(_n, _items.Length)]).GetEnumerator(); } private static void yield_(int i) { } System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator(); }") },
        { "sort with comparison", Probe.InTimer("var l = new List<(string S, double V)> { (\"a\", 2), (\"b\", 1) }; l.Sort((x, y) => x.V.CompareTo(y.V)); var d = new Dictionary<string, double>(); if (!d.TryGetValue(\"a\", out var v)) d[\"a\"] = Math.Clamp(v, 0, 1);") },
        { "checked and switch", Probe.InTimer("long x = checked(1 + 2); switch (x) { case 3: context.Log(\"3\"); break; default: break; }") },
        { "int128 and bit ops", Probe.InTimer("Int128 big = long.MaxValue; big *= 2; var p = System.Numerics.BitOperations.PopCount(7u); var b = BitConverter.GetBytes(1L);") },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compile_OrdinaryCode_Compiles(string name, string source)
    {
        var result = Probe.Compile(source);

        Assert.True(result.Success, $"{name}:\n{string.Join("\n", result.Diagnostics)}");
        Assert.False(result.Assembly.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_OrdinaryCode_RunsUnderTheMeter(string name, string source)
    {
        var result = Probe.Compile(source);
        Assert.True(result.Success, name);

        using var loaded = Probe.Load(result);
        loaded.Signal.OnTimer(loaded.SignalContext);

        Assert.False(loaded.Meter.IsExhausted, name);
    }
}
