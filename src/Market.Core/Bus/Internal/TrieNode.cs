namespace Market.Core.Bus.Internal;

/// <summary>One token position of the subscription trie; guarded by the index's lock.</summary>
internal sealed class TrieNode
{
    /// <summary>Children for literal tokens.</summary>
    public Dictionary<string, TrieNode> Literals { get; } = new(StringComparer.Ordinal);

    /// <summary>The child for a <c>*</c> token.</summary>
    public TrieNode? Star { get; set; }

    /// <summary>The child for a trailing <c>&gt;</c> token.</summary>
    public TrieNode? Rest { get; set; }

    /// <summary>Subscribers whose pattern ends at this node.</summary>
    public List<Subscriber> Subscribers { get; } = [];

    /// <summary>True when nothing hangs off this node, so its parent may drop it.</summary>
    public bool IsEmpty => Subscribers.Count == 0 && Literals.Count == 0 && Star is null && Rest is null;

    /// <summary>Adds every subscriber whose pattern matches <paramref name="tokens"/> from <paramref name="index"/> on.</summary>
    public void Collect(string[] tokens, int index, List<Subscriber> into)
    {
        if (index == tokens.Length)
        {
            into.AddRange(Subscribers);
            return;
        }
        // '>' needs at least one token, and there is one here.
        if (Rest is not null) into.AddRange(Rest.Subscribers);
        if (Literals.TryGetValue(tokens[index], out var literal)) literal.Collect(tokens, index + 1, into);
        Star?.Collect(tokens, index + 1, into);
    }
}
