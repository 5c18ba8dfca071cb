namespace Signals.Library.State.Internal;

/// <summary>
/// A FIFO for time windows: its length is not known up front (trades per window vary), so it
/// doubles when full and then stops allocating once it has grown to the busiest window seen.
/// </summary>
internal sealed class GrowableQueue<T>
    where T : struct
{
    private T[] _items = new T[64];
    private int _head;

    public int Count { get; private set; }

    public ref readonly T Oldest => ref _items[_head];

    public void Enqueue(in T value)
    {
        if (Count == _items.Length) Grow();
        var tail = _head + Count;
        _items[tail >= _items.Length ? tail - _items.Length : tail] = value;
        Count++;
    }

    public T Dequeue()
    {
        if (Count == 0) throw new InvalidOperationException("the queue is empty");
        var value = _items[_head];
        _head = _head + 1 == _items.Length ? 0 : _head + 1;
        Count--;
        return value;
    }

    private void Grow()
    {
        var bigger = new T[_items.Length * 2];
        for (var i = 0; i < Count; i++) bigger[i] = _items[(_head + i) % _items.Length];
        _items = bigger;
        _head = 0;
    }
}
