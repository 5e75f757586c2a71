using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PluginDb.Core.Migrations;

/// <summary>
/// The checksum Prisma Migrate stores in <c>_prisma_migrations.checksum</c>, and the rules by which a
/// stored checksum is said to match a script (prisma-engines <c>checksum.rs</c>).
/// </summary>
public static class MigrationChecksum
{
    /// <summary>Length of a checksum in the current format: 64 lower-case hex characters.</summary>
    public const int Length = 64;

    /// <summary>
    /// The checksum of a migration.sql file as Prisma computes it: the CLI reads the file as UTF-8
    /// (invalid bytes become U+FFFD, a BOM is kept) and the engine hashes that text's UTF-8 bytes. For a
    /// valid UTF-8 file this is the SHA-256 of the file's bytes.
    /// </summary>
    public static string Compute(byte[] fileBytes)
    {
        ArgumentNullException.ThrowIfNull(fileBytes);
        return Of(DecodeScript(fileBytes));
    }

    /// <summary>The checksum of a script that is already text.</summary>
    public static string Of(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return Convert.ToHexStringLower(Hash(script));
    }

    /// <summary>
    /// The script text Prisma sends to the engine for a file's bytes. <see cref="Encoding.UTF8"/> keeps
    /// a leading BOM in <c>GetString</c> and replaces invalid sequences as Node's decoder does.
    /// </summary>
    public static string DecodeScript(byte[] fileBytes)
    {
        ArgumentNullException.ThrowIfNull(fileBytes);
        return Encoding.UTF8.GetString(fileBytes);
    }

    /// <summary>
    /// Whether a stored checksum matches <paramref name="script"/>: the script itself, or the script with
    /// CRLF→LF or LF→CRLF (git may have changed line endings since the migration was applied). A stored
    /// value shorter than 64 characters is a legacy row, rendered without zero padding.
    /// </summary>
    public static bool Matches(string stored, string script)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(script);
        Func<byte[], string> render = stored.Length == Length ? Convert.ToHexStringLower : RenderLegacy;
        return Variants(script).Any(variant => string.Equals(render(Hash(variant)), stored, StringComparison.Ordinal));
    }

    /// <summary>The old rendering: each byte as <c>{:x}</c>, so bytes below 0x10 take one character.</summary>
    public static string RenderLegacy(byte[] hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var text = new StringBuilder(hash.Length * 2);
        foreach (var b in hash)
        {
            text.Append(b.ToString("x", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    private static IEnumerable<string> Variants(string script)
    {
        yield return script;
        yield return script.Replace("\r\n", "\n", StringComparison.Ordinal);
        yield return script.Replace("\n", "\r\n", StringComparison.Ordinal);
    }

    private static byte[] Hash(string script) => SHA256.HashData(Encoding.UTF8.GetBytes(script));
}
