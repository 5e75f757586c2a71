using System.Globalization;
using PluginDb.Core.Datasources;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Rehearsal;

/// <summary>
/// Rows to put into every table of a PostgreSQL schema before a pull request's migrations are
/// rehearsed: two per table, parents before children. Values honour each column's type and NOT NULL;
/// columns in a primary key or a unique constraint or index get a value per row, foreign keys take their
/// parent row's, and every other column repeats the same value in both rows (as real data repeats
/// itself: a new unique index over it must fail) and is NULL in the second row where it may be.
/// </summary>
public static class SyntheticRows
{
    /// <summary>How many rows each table gets.</summary>
    public const int RowsPerTable = 2;

    /// <summary>One table's rows: the table and its INSERT statement (schema-relative names; run with the plugin's search_path).</summary>
    public sealed record TableRows(string Table, string Sql)
    {
        /// <summary>Each row's value of each column, as the literal the INSERT holds.</summary>
        public IReadOnlyList<IReadOnlyList<string>> Values { get; init; } = [];
    }

    /// <summary>The INSERT of each table of <paramref name="schema"/>, parents first; tables in a foreign-key cycle come last, in name order.</summary>
    public static IReadOnlyList<TableRows> Plan(DatabaseSchema schema, Manifests.DatabaseProvider provider = Manifests.DatabaseProvider.Postgresql)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var enums = schema.Enums.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        var plan = new List<TableRows>();
        foreach (var table in Order(schema.Tables))
        {
            inserted.Add(table.Name);
            var values = Values(table, enums, inserted, provider);
            plan.Add(new TableRows(table.Name, Insert(table, values, provider)) { Values = values });
        }
        return plan;
    }

    private static IReadOnlyList<IReadOnlyList<string>> Values(Table table, IReadOnlyDictionary<string, EnumType> enums, IReadOnlySet<string> inserted, Manifests.DatabaseProvider provider)
    {
        // A nullable reference to a table that gets its rows later (a cycle: User ⇄ Subscription) stays NULL.
        var later = table.ForeignKeys.Where(f => !inserted.Contains(f.ReferencedTable) && f.Columns.All(c => table.FindColumn(c)?.Nullable == true))
            .SelectMany(f => f.Columns).ToHashSet(StringComparer.Ordinal);
        var unique = UniqueColumns(table);
        var foreign = table.ForeignKeys.SelectMany(f => f.Columns).ToHashSet(StringComparer.Ordinal);
        return [.. Enumerable.Range(1, RowsPerTable).Select(row => (IReadOnlyList<string>)[.. table.Columns.Select(column =>
        {
            var perRow = unique.Contains(column.Name) || foreign.Contains(column.Name);
            if (later.Contains(column.Name) || column.Nullable && row == RowsPerTable && !unique.Contains(column.Name))
            {
                return "NULL";
            }
            return provider == Manifests.DatabaseProvider.Sqlite ? SqliteLiteral(column.Type, perRow ? row : 1) : Literal(column.Type, perRow ? row : 1, enums);
        })])];
    }

    private static HashSet<string> UniqueColumns(Table table)
    {
        var unique = new HashSet<string>(StringComparer.Ordinal);
        unique.UnionWith(table.PrimaryKey?.Columns ?? []);
        unique.UnionWith(table.UniqueConstraints.SelectMany(u => u.Columns));
        unique.UnionWith(table.Indexes.Where(i => i.Unique && i.Predicate is null).SelectMany(i => i.Keys.Where(k => !k.IsExpression).Select(k => k.Text)));
        return unique;
    }

    private static string Insert(Table table, IReadOnlyList<IReadOnlyList<string>> values, Manifests.DatabaseProvider provider)
    {
        var overriding = provider == Manifests.DatabaseProvider.Sqlite ? "" : " OVERRIDING SYSTEM VALUE";
        return $"INSERT INTO {PostgresIdentifiers.Quote(table.Name)} ({string.Join(", ", table.Columns.Select(c => PostgresIdentifiers.Quote(c.Name)))}){overriding} VALUES {string.Join(", ", values.Select(row => "(" + string.Join(", ", row) + ")"))};";
    }

    /// <summary>The most columns of a table's CHECK constraints the search of <see cref="CheckSearches"/> varies.</summary>
    private const int SearchedColumns = 6;

    /// <summary>
    /// Where a table's CHECK constraints refuse its rows (PostgreSQL): per row, a query that asks the
    /// server which values of the columns the checks name satisfy all of them, among candidates of each
    /// column's type (the row's own value first, more values of the type, each label of an enum, NULL
    /// where the column allows it), the checks being the server's own expressions. Each query returns
    /// those columns' values as text, in the order of the returned columns, or no row. Null where the
    /// table has no check, or its checks name no column or more than the search varies.
    /// </summary>
    public static (IReadOnlyList<string> Columns, IReadOnlyList<string> Queries)? CheckSearches(TableRows rows, Table table, DatabaseSchema schema)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(schema);
        var named = table.Columns.Select((column, index) => (column, index))
            .Where(c => table.Checks.Any(check => Names(check.Expression, c.column.Name))).ToList();
        if (table.Checks.Count == 0 || named.Count == 0 || named.Count > SearchedColumns || rows.Values.Count == 0)
        {
            return null;
        }
        var enums = schema.Enums.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var where = string.Join(" AND ", table.Checks.Select(c => "(" + c.Expression + ")"));
        var queries = rows.Values.Select(row =>
        {
            var lists = named.Select((c, i) =>
            {
                var type = c.column.Type;
                var labels = enums.TryGetValue(type.Trim('"'), out var e) ? e.Values.Select(v => "'" + v.Replace("'", "''", StringComparison.Ordinal) + "'") : [];
                var candidates = new[] { row[c.index] }.Concat(Enumerable.Range(1, 4).Select(n => Literal(type, n, enums))).Concat(labels)
                    .Concat(c.column.Nullable ? ["NULL"] : []).Distinct(StringComparer.Ordinal);
                return $"(VALUES {string.Join(", ", candidates.Select(v => $"(CAST({v} AS {type}))"))}) AS v{i.ToString(CultureInfo.InvariantCulture)}({PostgresIdentifiers.Quote(c.column.Name)})";
            });
            return $"SELECT {string.Join(", ", named.Select(c => PostgresIdentifiers.Quote(c.column.Name) + "::text"))} FROM {string.Join(" CROSS JOIN ", lists)} WHERE {where} LIMIT 1";
        }).ToList();
        return ([.. named.Select(c => c.column.Name)], queries);
    }

    /// <summary>The rows again, each with the values a <see cref="CheckSearches"/> query found (text, null for NULL) for its columns; a row nothing was found for is as it was.</summary>
    public static TableRows WithValues(TableRows rows, Table table, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string?>?> found)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(found);
        var values = rows.Values.Select((row, r) => (IReadOnlyList<string>)[.. row.Select((literal, c) =>
        {
            var at = found[r] is null ? -1 : columns.ToList().IndexOf(table.Columns[c].Name);
            return at < 0 ? literal : found[r]![at] is { } text ? $"CAST({PostgresIdentifiers.QuoteLiteral(text)} AS {table.Columns[c].Type})" : "NULL";
        })]).ToList();
        return rows with { Sql = Insert(table, values, Manifests.DatabaseProvider.Postgresql), Values = values };
    }

    // Whether a check's expression names the column: quoted as it is, or bare (an unquoted name folds to lower case).
    private static bool Names(string expression, string column) =>
        expression.Contains(PostgresIdentifiers.Quote(column), StringComparison.Ordinal)
        || column == column.ToLowerInvariant() && System.Text.RegularExpressions.Regex.IsMatch(expression, $@"(?<![\w$""]){System.Text.RegularExpressions.Regex.Escape(column)}(?![\w$""])");

    /// <summary>A literal of <paramref name="type"/> (as format_type writes it, normalised) for value number <paramref name="n"/>; the server converts it on assignment.</summary>
    public static string Literal(string type, int n, IReadOnlyDictionary<string, EnumType> enums)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(enums);
        var number = n.ToString(CultureInfo.InvariantCulture);
        if (type.EndsWith("[]", StringComparison.Ordinal))
        {
            return n == 1 ? "'{}'" : $"'{{{Unquoted(Literal(type[..^2], n, enums))}}}'";
        }
        var name = type.Split('(')[0].Trim().Trim('"');
        if (enums.TryGetValue(name, out var labels) || enums.TryGetValue(name.Split('.')[^1].Trim('"'), out labels))
        {
            return "'" + labels.Values[(n - 1) % labels.Values.Count].Replace("'", "''", StringComparison.Ordinal) + "'";
        }
        return name switch
        {
            "smallint" or "integer" or "bigint" or "numeric" or "real" or "double precision" or "money" or "oid" => number,
            "boolean" => n % 2 == 1 ? "true" : "false",
            "uuid" => $"'00000000-0000-4000-8000-{n:D12}'",
            "timestamp" or "timestamp without time zone" or "timestamp with time zone" => $"'2024-01-{n:D2} 00:00:00'",
            "date" => $"'2024-01-{n:D2}'",
            "time" or "time without time zone" or "time with time zone" => $"'00:00:{n:D2}'",
            "interval" => $"'{number} days'",
            "json" or "jsonb" => $"'{{\"n\": {number}}}'",
            "bytea" => $"'\\x{n:x2}'",
            "inet" or "cidr" => $"'10.0.0.{number}'",
            "macaddr" => $"'08:00:2b:01:02:{n:x2}'",
            "xml" => $"'<n>{number}</n>'",
            "tsvector" => $"'n{number}'",
            "point" => $"'({number},{number})'",
            _ => $"'{number}'",
        };
    }

    /// <summary>A value for a SQLite column: a number where its affinity is numeric, else text (SQLite converts on storing).</summary>
    public static string SqliteLiteral(string type, int n)
    {
        ArgumentNullException.ThrowIfNull(type);
        var upper = type.ToUpperInvariant();
        var number = n.ToString(CultureInfo.InvariantCulture);
        return upper.Contains("INT", StringComparison.Ordinal) || upper.Contains("REAL", StringComparison.Ordinal) || upper.Contains("FLOA", StringComparison.Ordinal)
            || upper.Contains("DOUB", StringComparison.Ordinal) || upper.Contains("DECIMAL", StringComparison.Ordinal) || upper.Contains("NUMERIC", StringComparison.Ordinal)
            ? number
            : upper.Contains("BOOL", StringComparison.Ordinal) ? (n % 2).ToString(CultureInfo.InvariantCulture)
            : upper.Contains("DATE", StringComparison.Ordinal) || upper.Contains("TIME", StringComparison.Ordinal) ? (1704067200000L + n * 86400000L).ToString(CultureInfo.InvariantCulture)
            : $"'{number}'";
    }

    private static string Unquoted(string literal) => literal.StartsWith('\'') ? "\"" + literal[1..^1].Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : literal;

    // Kahn's order over the foreign keys rows must satisfy (a table's own references, and references a
    // NULL may leave unset, ignored); what a cycle of required references leaves comes last, by name.
    private static IEnumerable<Table> Order(IReadOnlyList<Table> tables)
    {
        var byName = tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var parents = tables.ToDictionary(t => t.Name, t => t.ForeignKeys
            .Where(f => f.Columns.Any(c => t.FindColumn(c)?.Nullable == false)).Select(f => f.ReferencedTable)
            .Where(p => p != t.Name && byName.ContainsKey(p)).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<Table>();
        while (true)
        {
            var ready = tables.Where(t => !done.Contains(t.Name) && parents[t.Name].All(done.Contains)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
            if (ready.Count == 0)
            {
                break;
            }
            foreach (var table in ready)
            {
                done.Add(table.Name);
                ordered.Add(table);
            }
        }
        return ordered.Concat(tables.Where(t => !done.Contains(t.Name)).OrderBy(t => t.Name, StringComparer.Ordinal));
    }
}
