namespace Signals.Runtime.Evaluation;

/// <summary>Which signal version this is: its name, the signals-repository commit it came from, and its source hash.</summary>
/// <param name="Name">The signal's name (its file name in the signals repository); unique among loaded signals.</param>
/// <param name="Commit">The commit SHA it was loaded from; empty for a draft.</param>
/// <param name="SourceHash">SHA-256 of its source, hex; empty for a precompiled signal.</param>
public sealed record SignalIdentity(string Name, string Commit, string SourceHash);
