namespace Signals.Runtime.Tests.Compilation;

/// <summary>A realistic signal, about 80 lines, for the compile, load and timing tests.</summary>
internal static class GoodSignal
{
    public const string File = "signals/trade_burst.cs";

    public const string Source = """
        // Fires when trades in a short window of event time add up to an unusual volume.
        namespace Deepwater.Signals;

        public sealed class TradeBurst : Signal
        {
            private const int MaxWindow = 512;
            private static readonly double Sqrt2 = Math.Sqrt(2);

            private readonly Dictionary<uint, Window> _windows = new();
            private double _threshold;
            private long _windowNanos;

            public override void Configure(SignalSetup setup)
            {
                setup.Describe("Trade volume in a short window of event time is unusually high.");
                setup.Subscribe("*", "*", EventKinds.Trade);
                _threshold = setup.Parameter("threshold", 3.0, "z-score that fires");
                _windowNanos = (long)(setup.Parameter("window_ms", 500, "window length") * 1_000_000);
                setup.Every(TimeSpan.FromSeconds(1));
                setup.LimitFires(30);
            }

            public override void OnTrade(in Trade trade, SignalContext context)
            {
                if (!_windows.TryGetValue(context.InstrumentId, out var window))
                {
                    window = new Window();
                    _windows[context.InstrumentId] = window;
                }
                window.Add(context.Now, 1.0);
                window.Trim(context.Now - _windowNanos);
                var z = window.ZScore();
                if (z is { } score && score > _threshold)
                {
                    context.Fire($"burst on {context.Symbol}", ("z", score), ("trades", window.Count), ("scaled", score / Sqrt2));
                }
            }

            public override void OnTimer(SignalContext context)
            {
                var stale = _windows.Where(kv => kv.Value.Count == 0).Select(kv => kv.Key).ToList();
                foreach (var id in stale) _windows.Remove(id);
                context.Log($"{_windows.Count} windows after timer at {context.UtcNow:O}");
            }

            private sealed class Window
            {
                private readonly Queue<(long At, double Size)> _items = new();
                private readonly List<double> _history = [];

                public int Count => _items.Count;

                public void Add(long at, double size)
                {
                    _items.Enqueue((at, size));
                    if (_items.Count > MaxWindow) _items.Dequeue();
                }

                public void Trim(long since)
                {
                    while (_items.Count > 0 && _items.Peek().At < since) _items.Dequeue();
                    _history.Add(_items.Sum(i => i.Size));
                    if (_history.Count > MaxWindow) _history.RemoveAt(0);
                }

                public double? ZScore()
                {
                    if (_history.Count < 10) return null;
                    var mean = _history.Average();
                    var variance = _history.Sum(h => (h - mean) * (h - mean)) / (_history.Count - 1);
                    return variance <= 0 ? null : (_history[^1] - mean) / Math.Sqrt(variance);
                }
            }
        }
        """;
}
