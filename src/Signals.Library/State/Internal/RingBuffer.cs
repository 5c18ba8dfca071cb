namespace Signals.Library.State.Internal;

/// <summary>The last <see cref="Capacity"/> values, newest overwriting oldest; no allocation after construction.</summary>
internal sealed class RingBuffer<T>(int capacity)
    where T : struct
{
    private readonly T[] _items = new T[capacity];
    private int _next;

    public int Capacity => _items.Length;

    public int Count { get; private set; }

    public bool IsFull => Count == _items.Length;

    /// <summary>Adds a value; when full, the oldest is dropped and returned through <paramref name="evicted"/>.</summary>
    public bool Add(T value, out T evicted)
    {
        var full = IsFull;
        evicted = full ? _items[_next] : default;
        _items[_next] = value;
        _next = _next + 1 == _items.Length ? 0 : _next + 1;
        if (!full) Count++;
        return full;
    }

    public void Add(T value) => Add(value, out _);

    /// <summary>The value <paramref name="ago"/> places back (0 is the newest).</summary>
    public T FromNewest(int ago)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ago);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ago, Count);
        var index = _next - 1 - ago;
        return _items[index < 0 ? index + _items.Length : index];
    }

    /// <summary>The value <paramref name="index"/> places after the oldest.</summary>
    public T FromOldest(int index) => FromNewest(Count - 1 - index);

    public void Clear()
    {
        Count = 0;
        _next = 0;
    }
}
