using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PluginDb.Core.Manifests;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Prisma;

/// <summary>
/// Reads a database default (as <see cref="SchemaNormalization.Default"/> spells it) the way Prisma's
/// describers do: by the column's family, a literal becomes a value once its casts are gone, <c>now()</c>
/// and <c>CURRENT_TIMESTAMP</c> are "now", a list column's <c>'{a,b}'</c> or <c>ARRAY[…]</c> is a list,
/// and whatever cannot be read so is kept as an expression (<c>dbgenerated</c>). A serial or identity
/// column's sequence is a sequence default.
/// </summary>
public static partial class PrismaDefaultReader
{
    public static PrismaDefault? Read(Column column, PrismaColumnType type, DatabaseProvider provider)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(type);
        if (column.Identity is ColumnIdentity.Serial or ColumnIdentity.IdentityAlways or ColumnIdentity.IdentityByDefault)
        {
            return PrismaDefault.Sequence;
        }
        if (column.Default is not { } text)
        {
            return null;
        }
        if (type.IsList)
        {
            return ReadList(text, type.Family) ?? PrismaDefault.Generated(text);
        }
        return ReadScalar(text, type.Family, provider) is { } literal
            ? literal
            : PrismaDefault.Generated(text);
    }

    private static PrismaDefault? ReadScalar(string text, PrismaColumnFamily family, DatabaseProvider provider)
    {
        var value = WithoutCasts(text);
        // SQLite keeps a default as written, and Prisma reads "x" there as the string x.
        if (provider == DatabaseProvider.Sqlite && value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = "'" + value[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
        }
        switch (family)
        {
            case PrismaColumnFamily.String:
                return StringLiteral(value) is { } s ? PrismaDefault.Of(PrismaLiteralKind.String, s) : null;
            case PrismaColumnFamily.Json:
                return StringLiteral(value) is { } j ? PrismaDefault.Of(PrismaLiteralKind.Json, j) : null;
            case PrismaColumnFamily.Enum:
                var label = StringLiteral(value) ?? (PlainWord().IsMatch(value) ? value : null);
                return label is null ? null : PrismaDefault.Of(PrismaLiteralKind.Enum, label);
            case PrismaColumnFamily.Int or PrismaColumnFamily.BigInt or PrismaColumnFamily.Float or PrismaColumnFamily.Decimal:
                var number = SqlText.StripOuterParentheses(StringLiteral(value) ?? value);
                return decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out _)
                    ? PrismaDefault.Of(PrismaLiteralKind.Number, number)
                    : null;
            case PrismaColumnFamily.Boolean:
                return Boolean(StringLiteral(value) ?? value) is { } b ? PrismaDefault.Of(PrismaLiteralKind.Boolean, b) : null;
            case PrismaColumnFamily.DateTime:
                return IsNow(value, provider) ? PrismaDefault.Now : null;
            case PrismaColumnFamily.Binary:
                return StringLiteral(value) is { } bytes && bytes.StartsWith("\\x", StringComparison.OrdinalIgnoreCase)
                    ? PrismaDefault.Of(PrismaLiteralKind.Bytes, bytes[2..].ToLowerInvariant())
                    : null;
            default:
                return null;
        }
    }

    private static PrismaDefault? ReadList(string text, PrismaColumnFamily family)
    {
        var value = WithoutCasts(SqlText.StripOuterParentheses(text));
        if (StringLiteral(value) is { } literal)
        {
            var items = CStyleItems(literal);
            return items is null ? null : ListOf(items, family, quotedText: true);
        }
        if (value.StartsWith("ARRAY[", StringComparison.OrdinalIgnoreCase) && value.EndsWith(']'))
        {
            var inner = value[6..^1].Trim();
            var items = inner.Length == 0 ? [] : SqlText.SplitTopLevel(inner).Select(i => WithoutCasts(i.Trim())).ToList();
            return ListOf(items, family, quotedText: false);
        }
        return null;
    }

    private static PrismaDefault? ListOf(IReadOnlyList<string> items, PrismaColumnFamily family, bool quotedText)
    {
        var literals = new List<PrismaLiteral>();
        foreach (var item in items)
        {
            var text = quotedText ? "'" + item.Replace("'", "''", StringComparison.Ordinal) + "'" : item;
            if (ReadScalar(text, family, DatabaseProvider.Postgresql) is not { Literal: { } literal })
            {
                return null;
            }
            literals.Add(literal);
        }
        return PrismaDefault.ListOf(literals);
    }

    // PostgreSQL's array literal: {a,"b c",NULL}; elements may be quoted, with backslash escapes.
    private static List<string>? CStyleItems(string literal)
    {
        var text = literal.Trim();
        if (text.Length < 2 || text[0] != '{' || text[^1] != '}')
        {
            return null;
        }
        var items = new List<string>();
        var body = text[1..^1];
        var i = 0;
        while (i < body.Length)
        {
            while (i < body.Length && char.IsWhiteSpace(body[i]))
            {
                i++;
            }
            if (i >= body.Length)
            {
                break;
            }
            var item = new StringBuilder();
            if (body[i] == '"')
            {
                for (i++; i < body.Length && body[i] != '"'; i++)
                {
                    if (body[i] == '\\' && i + 1 < body.Length)
                    {
                        i++;
                    }
                    item.Append(body[i]);
                }
                i++;
            }
            else
            {
                for (; i < body.Length && body[i] != ','; i++)
                {
                    item.Append(body[i]);
                }
                if (item.ToString().Trim().Equals("NULL", StringComparison.OrdinalIgnoreCase) || item.ToString().Contains('{', StringComparison.Ordinal))
                {
                    return null;
                }
            }
            items.Add(item.ToString().Trim());
            while (i < body.Length && body[i] != ',')
            {
                i++;
            }
            i++;
        }
        return items;
    }

    /// <summary>The text without the <c>::type</c> casts that follow it at the top level.</summary>
    private static string WithoutCasts(string text)
    {
        var result = SqlText.StripOuterParentheses(text);
        while (true)
        {
            var cast = LastTopLevelCast(result);
            if (cast < 0)
            {
                return result;
            }
            result = SqlText.StripOuterParentheses(result[..cast]);
        }
    }

    private static int LastTopLevelCast(string text)
    {
        var depth = 0;
        var quoted = false;
        var last = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '(' or '[')
            {
                depth++;
            }
            else if (!quoted && c is ')' or ']')
            {
                depth--;
            }
            else if (!quoted && depth == 0 && c == ':' && i + 1 < text.Length && text[i + 1] == ':')
            {
                last = i;
                i++;
            }
        }
        return last;
    }

    /// <summary>The content of <c>'…'</c>, <c>E'…'</c> or SQLite's <c>"…"</c>-quoted literal, unescaped; null when the text is not one.</summary>
    private static string? StringLiteral(string text)
    {
        var escapes = text.StartsWith("E'", StringComparison.OrdinalIgnoreCase);
        var body = escapes ? text[1..] : text;
        if (body.Length < 2 || body[0] != '\'' || body[^1] != '\'')
        {
            return null;
        }
        var inner = body[1..^1];
        if (inner.Replace("''", string.Empty, StringComparison.Ordinal).Contains('\'', StringComparison.Ordinal))
        {
            return null;
        }
        inner = inner.Replace("''", "'", StringComparison.Ordinal);
        return escapes ? Regex.Unescape(inner) : inner;
    }

    private static string? Boolean(string text) => text.ToLowerInvariant() switch
    {
        "true" or "t" or "1" => "true",
        "false" or "f" or "0" => "false",
        _ => null,
    };

    private static bool IsNow(string text, DatabaseProvider provider) =>
        text.Equals("CURRENT_TIMESTAMP", StringComparison.OrdinalIgnoreCase) || text.Equals("now()", StringComparison.OrdinalIgnoreCase) ||
        (provider == DatabaseProvider.Sqlite && SqliteNow().IsMatch(text));

    [GeneratedRegex(@"^datetime\(\s*'now'\s*(,\s*'localtime'\s*)?\)$", RegexOptions.IgnoreCase)]
    private static partial Regex SqliteNow();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PlainWord();
}
