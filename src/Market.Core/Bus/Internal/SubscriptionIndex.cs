using System.Collections.Concurrent;

namespace Market.Core.Bus.Internal;

/// <summary>
/// Finds the subscribers of a subject through a token trie, and caches the answer per subject so
/// a steady publish path is one dictionary lookup. Any subscribe or unsubscribe clears the cache.
/// </summary>
internal sealed class SubscriptionIndex
{
    // Bounds memory when many distinct subjects are published; a clear only costs a few trie walks.
    private const int MaxCachedSubjects = 65_536;

    private readonly object _gate = new();
    private readonly TrieNode _root = new();
    private readonly ConcurrentDictionary<string, MatchSet> _cache = new(StringComparer.Ordinal);
    private readonly HashSet<Subscriber> _all = [];

    /// <summary>Adds a subscriber under its pattern.</summary>
    public void Add(Subscriber subscriber)
    {
        lock (_gate)
        {
            var node = _root;
            foreach (var token in subscriber.Pattern.Split('.'))
            {
                node = token switch
                {
                    "*" => node.Star ??= new TrieNode(),
                    ">" => node.Rest ??= new TrieNode(),
                    _ => GetOrAddLiteral(node, token),
                };
            }
            node.Subscribers.Add(subscriber);
            _all.Add(subscriber);
            _cache.Clear();
        }
    }

    /// <summary>Removes a subscriber; false if it was not there.</summary>
    public bool Remove(Subscriber subscriber)
    {
        lock (_gate)
        {
            if (!_all.Remove(subscriber)) return false;
            RemoveFrom(_root, subscriber.Pattern.Split('.'), 0, subscriber);
            _cache.Clear();
            return true;
        }
    }

    /// <summary>Removes and returns every subscriber.</summary>
    public List<Subscriber> RemoveAll()
    {
        lock (_gate)
        {
            var all = _all.ToList();
            foreach (var subscriber in all) Remove(subscriber);
            return all;
        }
    }

    /// <summary>Who receives a message published to the concrete <paramref name="subject"/>.</summary>
    public MatchSet Match(string subject)
    {
        if (_cache.TryGetValue(subject, out var cached)) return cached;
        lock (_gate)
        {
            // Computed under the lock, so a concurrent Add/Remove cannot leave a stale entry behind.
            if (_cache.TryGetValue(subject, out cached)) return cached;
            var matched = new List<Subscriber>();
            _root.Collect(subject.Split('.'), 0, matched);
            var set = MatchSet.From(matched);
            if (_cache.Count >= MaxCachedSubjects) _cache.Clear();
            _cache[subject] = set;
            return set;
        }
    }

    private static TrieNode GetOrAddLiteral(TrieNode node, string token)
    {
        if (!node.Literals.TryGetValue(token, out var child)) node.Literals[token] = child = new TrieNode();
        return child;
    }

    // Prunes nodes left empty so unsubscribed symbols do not accumulate.
    private static void RemoveFrom(TrieNode node, string[] tokens, int index, Subscriber subscriber)
    {
        if (index == tokens.Length)
        {
            node.Subscribers.Remove(subscriber);
            return;
        }
        var token = tokens[index];
        var child = token switch
        {
            "*" => node.Star,
            ">" => node.Rest,
            _ => node.Literals.GetValueOrDefault(token),
        };
        if (child is null) return;
        RemoveFrom(child, tokens, index + 1, subscriber);
        if (!child.IsEmpty) return;
        if (token == "*") node.Star = null;
        else if (token == ">") node.Rest = null;
        else node.Literals.Remove(token);
    }
}
