namespace Market.Core.Journal;

/// <summary>Base of every error the journal reports; always says which journal and where.</summary>
public class JournalException : IOException
{
    /// <summary>Creates a journal error with a message that names the place.</summary>
    public JournalException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>A second writer tried to open a journal that already has one.</summary>
public sealed class JournalLockedException(string message, Exception? inner = null) : JournalException(message, inner);

/// <summary>The path is not a journal, or was written by a newer format version.</summary>
public sealed class JournalFormatException(string message) : JournalException(message);

/// <summary>The disk has no room for the next chunk; the journal stays consistent up to the last append.</summary>
public sealed class JournalFullException(string message, Exception? inner = null) : JournalException(message, inner);

/// <summary>A record inside a sealed chunk failed its checks: never skipped, always reported with its location.</summary>
public sealed class JournalCorruptException : JournalException
{
    /// <summary>Creates the error for the record at <paramref name="offset"/> of <paramref name="path"/>.</summary>
    public JournalCorruptException(string path, long offset, long expectedSequence, string reason)
        : base($"corrupt record in {path} at offset {offset} (expected sequence {expectedSequence}): {reason}")
    {
        Path = path;
        Offset = offset;
        ExpectedSequence = expectedSequence;
        Reason = reason;
    }

    /// <summary>The chunk file holding the bad record.</summary>
    public string Path { get; }

    /// <summary>Byte offset of the bad record in the chunk file.</summary>
    public long Offset { get; }

    /// <summary>The sequence the record should have had.</summary>
    public long ExpectedSequence { get; }

    /// <summary>What check failed.</summary>
    public string Reason { get; }
}
