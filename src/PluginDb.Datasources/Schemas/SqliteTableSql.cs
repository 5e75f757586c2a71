using PluginDb.Core.Schemas;

namespace PluginDb.Datasources.Schemas;

/// <summary>
/// What SQLite's pragmas do not tell about a table and only its stored <c>CREATE TABLE</c> text does:
/// constraint names, CHECK constraints and <c>AUTOINCREMENT</c>.
/// See https://www.sqlite.org/lang_createtable.html for the grammar cut apart here.
/// </summary>
internal sealed class SqliteTableSql
{
    private static readonly string[] TableConstraintKeywords = ["CONSTRAINT", "PRIMARY", "FOREIGN", "UNIQUE", "CHECK"];

    private SqliteTableSql(string? primaryKeyName, IReadOnlyDictionary<string, string> foreignKeyNames, IReadOnlyList<CheckConstraint> checks, string? autoincrementColumn)
    {
        PrimaryKeyName = primaryKeyName;
        ForeignKeyNames = foreignKeyNames;
        Checks = checks;
        AutoincrementColumn = autoincrementColumn;
    }

    public string? PrimaryKeyName { get; }

    /// <summary>Constraint names of foreign keys, keyed by <see cref="ColumnsKey"/> of their columns.</summary>
    public IReadOnlyDictionary<string, string> ForeignKeyNames { get; }

    public IReadOnlyList<CheckConstraint> Checks { get; }

    public string? AutoincrementColumn { get; }

    public static string ColumnsKey(IEnumerable<string> columns) => string.Join('\0', columns);

    public static SqliteTableSql Parse(string? sql)
    {
        string? primaryKeyName = null;
        string? autoincrement = null;
        var foreignKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        var checks = new List<CheckConstraint>();
        var open = sql?.IndexOf('(', StringComparison.Ordinal) ?? -1;
        var close = open < 0 ? -1 : SqlText.MatchingParenthesis(sql!, open);
        if (close < 0)
        {
            return new SqliteTableSql(null, foreignKeys, checks, null);
        }
        foreach (var item in SqlText.SplitTopLevel(sql![(open + 1)..close]))
        {
            var first = SqlText.FirstToken(item);
            var isTableConstraint = TableConstraintKeywords.Contains(first, StringComparer.OrdinalIgnoreCase);
            var column = isTableConstraint ? null : SqlText.Unquote(first);
            var rest = isTableConstraint ? item : item[(item.IndexOf(first, StringComparison.Ordinal) + first.Length)..];
            if (column is not null && SqlText.IndexOfKeyword(rest, "AUTOINCREMENT") >= 0)
            {
                autoincrement = column;
            }
            ReadConstraints(rest, column, ref primaryKeyName, foreignKeys, checks);
        }
        return new SqliteTableSql(primaryKeyName, foreignKeys, checks, autoincrement);
    }

    // Walks the CONSTRAINT / PRIMARY KEY / FOREIGN KEY / CHECK clauses of one table item (a column's or the table's).
    private static void ReadConstraints(string text, string? column, ref string? primaryKeyName, Dictionary<string, string> foreignKeys, List<CheckConstraint> checks)
    {
        var position = 0;
        string? pendingName = null;
        while (position < text.Length)
        {
            var token = SqlText.FirstToken(text[position..]);
            if (token.Length == 0)
            {
                position++;
                continue;
            }
            var tokenStart = text.IndexOf(token, position, StringComparison.Ordinal);
            position = tokenStart + token.Length;
            if (token.Equals("CONSTRAINT", StringComparison.OrdinalIgnoreCase))
            {
                var name = SqlText.FirstToken(text[position..]);
                pendingName = SqlText.Unquote(name);
                position = text.IndexOf(name, position, StringComparison.Ordinal) + name.Length;
                continue;
            }
            if (token.Equals("PRIMARY", StringComparison.OrdinalIgnoreCase))
            {
                primaryKeyName = pendingName ?? primaryKeyName;
            }
            else if (token.Equals("CHECK", StringComparison.OrdinalIgnoreCase) || token.Equals("FOREIGN", StringComparison.OrdinalIgnoreCase) || token.Equals("REFERENCES", StringComparison.OrdinalIgnoreCase))
            {
                var open = text.IndexOf('(', position);
                var close = open < 0 ? -1 : SqlText.MatchingParenthesis(text, open);
                if (close < 0)
                {
                    return;
                }
                var inside = text[(open + 1)..close];
                if (token.Equals("CHECK", StringComparison.OrdinalIgnoreCase))
                {
                    var expression = SchemaNormalization.Expression(inside);
                    checks.Add(new CheckConstraint(pendingName ?? "CHECK (" + expression + ")", expression));
                }
                else if (token.Equals("FOREIGN", StringComparison.OrdinalIgnoreCase) && pendingName is not null)
                {
                    foreignKeys.TryAdd(ColumnsKey(SqlText.SplitTopLevel(inside).Select(SqlText.Unquote)), pendingName);
                }
                else if (token.Equals("REFERENCES", StringComparison.OrdinalIgnoreCase) && column is not null && pendingName is not null)
                {
                    foreignKeys.TryAdd(ColumnsKey([column]), pendingName);
                }
                // A FOREIGN KEY clause goes on to REFERENCES t(cols); skip the referenced list too.
                position = token.Equals("FOREIGN", StringComparison.OrdinalIgnoreCase) ? SkipReferences(text, close + 1) : close + 1;
                pendingName = null;
                continue;
            }
            else if (token.Equals("UNIQUE", StringComparison.OrdinalIgnoreCase) || token.Equals("NOT", StringComparison.OrdinalIgnoreCase) ||
                     token.Equals("DEFAULT", StringComparison.OrdinalIgnoreCase) || token.Equals("COLLATE", StringComparison.OrdinalIgnoreCase))
            {
                pendingName = null;
            }
            if (token.StartsWith('('))
            {
                var close = SqlText.MatchingParenthesis(text, tokenStart);
                position = close < 0 ? text.Length : close + 1;
            }
        }
    }

    private static int SkipReferences(string text, int position)
    {
        var references = SqlText.IndexOfKeyword(text, "REFERENCES", position);
        if (references < 0)
        {
            return position;
        }
        var open = text.IndexOf('(', references);
        var close = open < 0 ? -1 : SqlText.MatchingParenthesis(text, open);
        return close < 0 ? text.Length : close + 1;
    }
}
