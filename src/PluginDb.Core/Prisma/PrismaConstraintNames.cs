using System.Text;
using PluginDb.Core.Manifests;

namespace PluginDb.Core.Prisma;

/// <summary>
/// The names Prisma Migrate gives keys, indexes and foreign keys it is not told to <c>map</c>:
/// <c>{table}_pkey</c>, <c>{table}_{columns}_key</c>, <c>{table}_{columns}_idx</c>, <c>{table}_{columns}_fkey</c>,
/// from database names (after <c>@@map</c> / <c>@map</c>). Where the name would not fit the
/// provider's identifier limit (PostgreSQL's 63 bytes), the part before the suffix is cut to the
/// limit minus the suffix, in bytes and on a character boundary, so the suffix always survives
/// (prisma-engines <c>psl-core/src/datamodel_connector/constraint_names.rs</c>).
/// </summary>
public static class PrismaConstraintNames
{
    /// <summary>The identifier limit Prisma's connector declares: PostgreSQL 63 bytes, MySQL 64, SQLite 10 000.</summary>
    public static int MaxIdentifierLength(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Postgresql => 63,
        DatabaseProvider.Mysql => 64,
        _ => 10_000,
    };

    public static string PrimaryKey(string table, DatabaseProvider provider) => Suffixed(table, "_pkey", provider);

    public static string UniqueIndex(string table, IEnumerable<string> columns, DatabaseProvider provider) =>
        Suffixed(table + "_" + string.Join('_', columns), "_key", provider);

    public static string Index(string table, IEnumerable<string> columns, DatabaseProvider provider) =>
        Suffixed(table + "_" + string.Join('_', columns), "_idx", provider);

    public static string ForeignKey(string table, IEnumerable<string> columns, DatabaseProvider provider) =>
        Suffixed(table + "_" + string.Join('_', columns), "_fkey", provider);

    /// <summary><paramref name="text"/> cut to at most <paramref name="bytes"/> UTF-8 bytes without splitting a character.</summary>
    public static string TruncateBytes(string text, int bytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) <= bytes)
        {
            return text;
        }
        var builder = new StringBuilder();
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > bytes)
            {
                break;
            }
            used += rune.Utf8SequenceLength;
            builder.Append(rune.ToString());
        }
        return builder.ToString();
    }

    /// <summary>At most <paramref name="count"/> characters (Unicode scalar values), as the implicit many-to-many names are cut.</summary>
    internal static string TakeCharacters(string text, int count) =>
        string.Concat(text.EnumerateRunes().Take(count).Select(r => r.ToString()));

    private static string Suffixed(string stem, string suffix, DatabaseProvider provider) =>
        TruncateBytes(stem, MaxIdentifierLength(provider) - suffix.Length) + suffix;
}
