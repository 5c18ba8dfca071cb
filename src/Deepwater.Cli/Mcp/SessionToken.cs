using System.Security.Cryptography;
using Mcp.Server.Transport;

namespace Deepwater.Cli.Mcp;

/// <summary>
/// The bearer token <c>deepwater run</c> makes when it is given none: random, new each session,
/// written to a file only its owner can read. The value is never printed; clients read the file.
/// </summary>
internal static class SessionToken
{
    /// <summary>The file's name under the data directory.</summary>
    public const string FileName = "mcp-token";

    /// <summary>Writes a fresh token to <paramref name="path"/> (mode 0600 on Unix, replacing what was there) and returns it.</summary>
    public static BearerToken Create(string path)
    {
        var value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Created owner-only under a temporary name, then renamed over the old file: the token is
        // never readable by others, not even between create and chmod, and readers never see half a file.
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var writer = new StreamWriter(temporary, options))
            {
                writer.Write(value);
                writer.Write('\n');
            }
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite); // a stale temporary keeps its old mode
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
        return BearerToken.From(value);
    }

    /// <summary>Deletes <paramref name="path"/> if it still holds <paramref name="token"/> (another session may have replaced it).</summary>
    public static void DeleteIfHolds(string path, BearerToken token)
    {
        try
        {
            if (File.Exists(path) && token.Matches("Bearer " + File.ReadAllText(path))) File.Delete(path);
        }
        catch (IOException)
        {
            // A token that outlives its session is refused by the next one anyway: it makes its own.
        }
    }
}
