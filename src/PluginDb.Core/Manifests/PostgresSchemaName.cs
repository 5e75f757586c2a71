using System.Text;
using System.Text.RegularExpressions;

namespace PluginDb.Core.Manifests;

/// <summary>
/// Which names an exclusive-postgres plugin may give its schema. The provider creates it unquoted,
/// so the name must be an identifier PostgreSQL reads back unchanged.
/// </summary>
public static partial class PostgresSchemaName
{
    /// <summary>NAMEDATALEN - 1: PostgreSQL silently truncates longer identifiers.</summary>
    public const int MaxBytes = 63;

    // Keywords that cannot be a schema name unquoted: the RESERVED_KEYWORD and
    // TYPE_FUNC_NAME_KEYWORD entries of PostgreSQL's src/include/parser/kwlist.h (as of 17),
    // since CREATE SCHEMA takes a ColId, which admits neither category.
    // https://www.postgresql.org/docs/current/sql-keywords-appendix.html
    private static readonly HashSet<string> ReservedKeywords = new(StringComparer.Ordinal)
    {
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
        "binary", "both", "case", "cast", "check", "collate", "collation", "column", "concurrently",
        "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
        "current_schema", "current_time", "current_timestamp", "current_user", "default", "deferrable",
        "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "freeze",
        "from", "full", "grant", "group", "having", "ilike", "in", "initially", "inner", "intersect",
        "into", "is", "isnull", "join", "lateral", "leading", "left", "like", "limit", "localtime",
        "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or", "order",
        "outer", "overlaps", "placing", "primary", "references", "returning", "right", "select",
        "session_user", "similar", "some", "symmetric", "system_user", "table", "tablesample", "then",
        "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "verbose", "when",
        "where", "window", "with",
    };

    /// <summary>Why <paramref name="name"/> cannot be a plugin's schema, or null when it can.</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!UnquotedIdentifier().IsMatch(name))
        {
            return name.Any(char.IsUpper) && UnquotedIdentifier().IsMatch(name.ToLowerInvariant())
                ? $"\"{name}\" has upper-case letters; PostgreSQL folds unquoted names to lower case, so the schema would be created as \"{name.ToLowerInvariant()}\". Write it in lower case."
                : $"\"{name}\" is not an unquoted PostgreSQL identifier: it must start with a lower-case letter or '_' and hold only lower-case letters, digits, '_' and '$'.";
        }
        if (Encoding.UTF8.GetByteCount(name) > MaxBytes)
        {
            return $"\"{name}\" is longer than {MaxBytes} bytes; PostgreSQL would truncate it.";
        }
        if (name is "public" or "information_schema" || name.StartsWith("pg_", StringComparison.Ordinal))
        {
            return $"\"{name}\" is a schema PostgreSQL or every database already has (public, information_schema, pg_*); a plugin needs a schema of its own.";
        }
        if (ReservedKeywords.Contains(name))
        {
            return $"\"{name}\" is a reserved word in PostgreSQL and cannot name a schema without quotes.";
        }
        return null;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_$]*$", RegexOptions.CultureInvariant)]
    private static partial Regex UnquotedIdentifier();
}
