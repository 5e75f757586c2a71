using System.Globalization;
using System.Text.RegularExpressions;
using PluginDb.Core.Manifests;

namespace PluginDb.Core.Schemas;

/// <summary>
/// Canonical spellings of types, defaults and expressions, so that two spellings of the same thing
/// compare equal and two different things never do. Only equivalences that hold in the database
/// itself are applied: <c>int4</c> is <c>integer</c>, <c>(now())</c> is <c>now()</c> and on PostgreSQL is
/// <c>CURRENT_TIMESTAMP</c>; but <c>CURRENT_TIMESTAMP(3)</c> stays apart from <c>CURRENT_TIMESTAMP</c>,
/// and SQLite's declared types are left as declared (there <c>INT</c> and <c>INTEGER</c> differ for a
/// primary key).
/// </summary>
public static partial class SchemaNormalization
{
    private static readonly Dictionary<string, string> PostgresAliases = new(StringComparer.Ordinal)
    {
        ["int"] = "integer",
        ["int4"] = "integer",
        ["serial"] = "integer",
        ["serial4"] = "integer",
        ["int8"] = "bigint",
        ["bigserial"] = "bigint",
        ["serial8"] = "bigint",
        ["int2"] = "smallint",
        ["smallserial"] = "smallint",
        ["serial2"] = "smallint",
        ["float8"] = "double precision",
        ["float"] = "double precision",
        ["float4"] = "real",
        ["bool"] = "boolean",
        ["decimal"] = "numeric",
        ["varchar"] = "character varying",
        ["char"] = "character",
        ["bpchar"] = "character",
        ["varbit"] = "bit varying",
        ["timestamptz"] = "timestamp with time zone",
        ["timetz"] = "time with time zone",
    };

    /// <summary>
    /// The canonical spelling of a column type. PostgreSQL: lower case, aliases resolved
    /// (<c>int4</c>→<c>integer</c>, <c>varchar(255)</c>→<c>character varying(255)</c>,
    /// <c>timestamp(3)</c>→<c>timestamp(3) without time zone</c>), arrays kept as <c>[]</c> suffixes,
    /// quoted user types (enums) untouched. SQLite: the declared type upper-cased with white space collapsed.
    /// </summary>
    public static string Type(DatabaseProvider provider, string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var text = SqlText.CollapseWhitespace(type);
        if (provider != DatabaseProvider.Postgresql)
        {
            return text.ToUpperInvariant();
        }
        var arrays = 0;
        while (text.EndsWith("[]", StringComparison.Ordinal))
        {
            arrays++;
            text = text[..^2].TrimEnd();
        }
        if (text.Contains('"', StringComparison.Ordinal))
        {
            return text + string.Concat(Enumerable.Repeat("[]", arrays));
        }
        text = text.ToLowerInvariant();
        var match = PostgresTypeShape().Match(text);
        if (match.Success)
        {
            var name = match.Groups["name"].Value.Trim();
            var arguments = match.Groups["args"].Success ? "(" + match.Groups["args"].Value.Replace(" ", string.Empty, StringComparison.Ordinal) + ")" : string.Empty;
            var zone = match.Groups["zone"].Success ? " " + SqlText.CollapseWhitespace(match.Groups["zone"].Value) : string.Empty;
            name = PostgresAliases.GetValueOrDefault(name, name);
            if (name.EndsWith(" with time zone", StringComparison.Ordinal))
            {
                zone = " with time zone";
                name = name[..^" with time zone".Length];
            }
            if (name is "timestamp" or "time" && zone.Length == 0)
            {
                zone = " without time zone";
            }
            text = name + arguments + zone;
        }
        return text + string.Concat(Enumerable.Repeat("[]", arrays));
    }

    /// <summary>
    /// The canonical spelling of a default expression, or null where there is no default (none given,
    /// or <c>NULL</c>, which is the same). Outer parentheses and surplus white space go; keywords are
    /// upper-cased. On PostgreSQL a literal cast to the column's own type loses the cast
    /// (<c>'USER'::"Role"</c> → <c>'USER'</c>, since the default is assigned to that type anyway), a quoted
    /// number on a numeric column becomes the number, and <c>now()</c> / <c>transaction_timestamp()</c>
    /// become <c>CURRENT_TIMESTAMP</c> (PostgreSQL documents them as the same function).
    /// A sequence default is not a default; see <see cref="IsSequenceDefault"/>.
    /// </summary>
    public static string? Default(DatabaseProvider provider, string? expression, string? columnType = null)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return null;
        }
        var text = SqlText.StripOuterParentheses(SqlText.CollapseWhitespace(expression));
        if (provider == DatabaseProvider.Postgresql)
        {
            text = StripLiteralCast(text, columnType);
        }
        text = SqlText.MapOutsideQuotes(text, UpperKeywords);
        if (provider == DatabaseProvider.Postgresql)
        {
            text = PostgresNow().Replace(text, "CURRENT_TIMESTAMP");
        }
        return text == "NULL" ? null : text;
    }

    /// <summary>Whether a PostgreSQL default is <c>nextval('…')</c>: the column is serial, not defaulted.</summary>
    public static bool IsSequenceDefault(string? expression) =>
        expression is not null && SequenceDefault().IsMatch(SqlText.StripOuterParentheses(expression.Trim()));

    /// <summary>The canonical spelling of an expression (CHECK body, index expression, partial-index predicate, view): white space collapsed, outer parentheses and a trailing semicolon removed.</summary>
    public static string Expression(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = SqlText.CollapseWhitespace(expression);
        while (text.EndsWith(';'))
        {
            text = text[..^1].TrimEnd();
        }
        return SqlText.StripOuterParentheses(text);
    }

    /// <summary>A referential action as the catalogs spell it (<c>CASCADE</c>, <c>SET NULL</c>…, or PostgreSQL's one-letter codes).</summary>
    public static ReferentialAction Action(string? action) =>
        (action ?? string.Empty).Trim().ToUpperInvariant() switch
        {
            "CASCADE" or "C" => ReferentialAction.Cascade,
            "SET NULL" or "N" => ReferentialAction.SetNull,
            "SET DEFAULT" or "D" => ReferentialAction.SetDefault,
            "RESTRICT" or "R" => ReferentialAction.Restrict,
            _ => ReferentialAction.NoAction,
        };

    private static string StripLiteralCast(string text, string? columnType)
    {
        var match = LiteralCast().Match(text);
        if (!match.Success)
        {
            return text;
        }
        var literal = match.Groups["literal"].Value;
        if (literal.Equals("NULL", StringComparison.OrdinalIgnoreCase))
        {
            return "NULL";
        }
        if (columnType is null)
        {
            return text;
        }
        var castType = Type(DatabaseProvider.Postgresql, match.Groups["type"].Value);
        var number = literal.StartsWith('\'') ? literal[1..^1] : literal;
        if (IsNumericType(columnType) && IsNumericType(castType) &&
            decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) &&
            (decimal.Truncate(value) == value || !IsIntegerType(columnType)))
        {
            // DEFAULT -1 is stored as '-1'::integer whatever the numeric column; the value assigned is the same number.
            return number;
        }
        return string.Equals(WithoutModifier(castType), WithoutModifier(columnType), StringComparison.Ordinal) ? literal : text;
    }

    private static bool IsIntegerType(string type) => WithoutModifier(type) is "integer" or "bigint" or "smallint";

    private static bool IsNumericType(string type) =>
        WithoutModifier(type) is "integer" or "bigint" or "smallint" or "numeric" or "real" or "double precision";

    // character varying(255) → character varying; a cast names the type without its modifier.
    private static string WithoutModifier(string type) => TypeModifier().Replace(type, string.Empty);

    private static string UpperKeywords(string plain) => Keywords().Replace(plain, m => m.Value.ToUpperInvariant());

    [GeneratedRegex(@"^(?<name>[a-z_][a-z0-9_ ]*?)\s*(\((?<args>[^()]*)\))?(?<zone>\s+with(out)?\s+time\s+zone)?$")]
    private static partial Regex PostgresTypeShape();

    [GeneratedRegex(@"^(?<literal>'(?:[^']|'')*'|-?\d+(?:\.\d+)?|NULL)::(?<type>[^:]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex LiteralCast();

    [GeneratedRegex(@"\(\d+(,\d+)?\)")]
    private static partial Regex TypeModifier();

    [GeneratedRegex(@"\b(current_timestamp|current_date|current_time|localtimestamp|localtime|null|true|false)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Keywords();

    [GeneratedRegex(@"^(?:now|transaction_timestamp)\(\)$", RegexOptions.IgnoreCase)]
    private static partial Regex PostgresNow();

    [GeneratedRegex(@"^nextval\('(?:[^']|'')+'(?:::regclass)?\)$", RegexOptions.IgnoreCase)]
    private static partial Regex SequenceDefault();
}
