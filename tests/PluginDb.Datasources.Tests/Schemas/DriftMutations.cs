using System.Text.RegularExpressions;
using PluginDb.Core.Schemas;

namespace PluginDb.Datasources.Tests.Schemas;

/// <summary>
/// The drift each provider's introspection must notice, chosen from a replayed schema: a column, an
/// index, a view and a check added; a foreign key dropped; a default set; a NOT NULL dropped; an enum
/// value added (PostgreSQL). SQLite has no ALTER for constraints, defaults or NOT NULL, so those are
/// applied as SQLite documents for changes that leave the stored rows valid: by rewriting the table's
/// text in <c>sqlite_schema</c> under <c>writable_schema</c> (https://www.sqlite.org/lang_altertable.html#otheralter).
/// </summary>
public static partial class DriftMutations
{
    private const string Schema = "public";

    public static IReadOnlyList<DriftMutation> ForPostgres(DatabaseSchema schema)
    {
        var mutations = Common(schema, t => $"{Q(Schema)}.{Q(t)}");
        var table = FirstTable(schema);
        string T(string name) => $"{Q(Schema)}.{Q(name)}";

        if (ForeignKeyToDrop(schema) is ({ } fkTable, { } fk))
        {
            mutations.Add(new DriftMutation("drop foreign key", [$"ALTER TABLE {T(fkTable.Name)} DROP CONSTRAINT {Q(fk.Name)}"],
                DifferenceKind.Missing, SchemaObjectType.ForeignKey, fkTable.Name + "." + fk.Name));
        }
        if (schema.Enums.Count > 0)
        {
            var enumType = schema.Enums.OrderBy(e => e.Name, StringComparer.Ordinal).First();
            mutations.Add(new DriftMutation("add enum value", [$"ALTER TYPE {T(enumType.Name)} ADD VALUE 'DRIFT_VALUE'"],
                DifferenceKind.Extra, SchemaObjectType.EnumValue, enumType.Name + ".DRIFT_VALUE"));
        }
        if (ColumnToDefault(schema, "text") is ({ } defaultTable, { } defaultColumn))
        {
            mutations.Add(new DriftMutation("set default", [$"ALTER TABLE {T(defaultTable.Name)} ALTER COLUMN {Q(defaultColumn.Name)} SET DEFAULT 'drift'"],
                DifferenceKind.Changed, SchemaObjectType.Column, defaultTable.Name + "." + defaultColumn.Name, "default"));
        }
        if (ColumnToNull(schema) is ({ } nullTable, { } nullColumn))
        {
            mutations.Add(new DriftMutation("drop not null", [$"ALTER TABLE {T(nullTable.Name)} ALTER COLUMN {Q(nullColumn.Name)} DROP NOT NULL"],
                DifferenceKind.Changed, SchemaObjectType.Column, nullTable.Name + "." + nullColumn.Name, "nullability"));
        }
        mutations.Add(new DriftMutation("add check", [$"ALTER TABLE {T(table.Name)} ADD CONSTRAINT \"drift_check\" CHECK (1 = 1)"],
            DifferenceKind.Extra, SchemaObjectType.Check, table.Name + ".drift_check"));
        return mutations;
    }

    /// <param name="createTableSql">Each table's CREATE TABLE text as stored in <c>sqlite_schema</c>.</param>
    public static IReadOnlyList<DriftMutation> ForSqlite(DatabaseSchema schema, IReadOnlyDictionary<string, string> createTableSql)
    {
        ArgumentNullException.ThrowIfNull(createTableSql);
        var mutations = Common(schema, Q);
        var table = FirstTable(schema);

        if (ForeignKeyToDrop(schema) is ({ } fkTable, { } fk))
        {
            mutations.Add(new DriftMutation("drop foreign key",
                Rewrite(fkTable.Name, createTableSql[fkTable.Name], items => items.Where(i => !(i.Contains(Q(fk.Name), StringComparison.Ordinal) && i.Contains("FOREIGN", StringComparison.OrdinalIgnoreCase)))),
                DifferenceKind.Missing, SchemaObjectType.ForeignKey, fkTable.Name + "." + fk.Name));
        }
        if (ColumnToDefault(schema, "TEXT") is ({ } defaultTable, { } defaultColumn))
        {
            mutations.Add(new DriftMutation("set default",
                Rewrite(defaultTable.Name, createTableSql[defaultTable.Name], items => items.Select(i => IsColumn(i, defaultColumn.Name) ? i + " DEFAULT 'drift'" : i)),
                DifferenceKind.Changed, SchemaObjectType.Column, defaultTable.Name + "." + defaultColumn.Name, "default"));
        }
        if (ColumnToNull(schema) is ({ } nullTable, { } nullColumn))
        {
            mutations.Add(new DriftMutation("drop not null",
                Rewrite(nullTable.Name, createTableSql[nullTable.Name], items => items.Select(i => IsColumn(i, nullColumn.Name) ? NotNull().Replace(i, string.Empty, 1) : i)),
                DifferenceKind.Changed, SchemaObjectType.Column, nullTable.Name + "." + nullColumn.Name, "nullability"));
        }
        mutations.Add(new DriftMutation("add check",
            Rewrite(table.Name, createTableSql[table.Name], items => [.. items, "CONSTRAINT \"drift_check\" CHECK (1 = 1)"]),
            DifferenceKind.Extra, SchemaObjectType.Check, table.Name + ".drift_check"));
        return mutations;
    }

    /// <summary>Applies each mutation with <paramref name="applyAndRead"/> (which returns the differences it then finds) and asserts each found exactly its own.</summary>
    public static async Task AssertEachReportedOnceAsync(IReadOnlyList<DriftMutation> mutations, int atLeast, Func<DriftMutation, Task<IReadOnlyList<SchemaDifference>>> applyAndRead)
    {
        ArgumentNullException.ThrowIfNull(mutations);
        ArgumentNullException.ThrowIfNull(applyAndRead);
        var failures = new List<string>();
        foreach (var mutation in mutations)
        {
            failures.AddRange(new[] { mutation.Check(await applyAndRead(mutation)) }.OfType<string>());
        }
        Assert.True(mutations.Count >= atLeast, string.Join(", ", mutations.Select(m => m.Name)));
        Assert.Empty(failures);
    }

    private static List<DriftMutation> Common(DatabaseSchema schema, Func<string, string> qualify)
    {
        var table = FirstTable(schema);
        return
        [
            new("add column", [$"ALTER TABLE {qualify(table.Name)} ADD COLUMN \"drift_x\" integer"],
                DifferenceKind.Extra, SchemaObjectType.Column, table.Name + ".drift_x"),
            new("create index", [$"CREATE INDEX \"drift_idx\" ON {qualify(table.Name)} ({Q(table.Columns[0].Name)})"],
                DifferenceKind.Extra, SchemaObjectType.Index, table.Name + ".drift_idx"),
            new("create view", [$"CREATE VIEW {qualify("drift_view")} AS SELECT 1 AS one"],
                DifferenceKind.Extra, SchemaObjectType.View, "drift_view"),
        ];
    }

    private static Table FirstTable(DatabaseSchema schema) => schema.Tables.OrderBy(t => t.Name, StringComparer.Ordinal).First();

    private static (Table, ForeignKey)? ForeignKeyToDrop(DatabaseSchema schema) =>
        schema.Tables.OrderBy(t => t.Name, StringComparer.Ordinal)
            .SelectMany(t => t.ForeignKeys.Where(f => !f.Name.StartsWith("FOREIGN KEY (", StringComparison.Ordinal)).Select(f => ((Table, ForeignKey)?)(t, f)))
            .FirstOrDefault();

    private static (Table, Column)? ColumnToDefault(DatabaseSchema schema, string type) =>
        Columns(schema).FirstOrDefault(tc => tc is ({ } t, { } c) && c.Type == type && c.Default is null && !InPrimaryKey(t, c));

    private static (Table, Column)? ColumnToNull(DatabaseSchema schema) =>
        Columns(schema).FirstOrDefault(tc => tc is ({ } t, { } c) && !c.Nullable && c.Identity == ColumnIdentity.None && !InPrimaryKey(t, c));

    private static IEnumerable<(Table, Column)?> Columns(DatabaseSchema schema) =>
        schema.Tables.OrderBy(t => t.Name, StringComparer.Ordinal).SelectMany(t => t.Columns.Select(c => ((Table, Column)?)(t, c)));

    private static bool InPrimaryKey(Table table, Column column) => table.PrimaryKey?.Columns.Contains(column.Name) == true;

    private static bool IsColumn(string item, string column) =>
        SqlText.Unquote(SqlText.FirstToken(item)) == column;

    private static string[] Rewrite(string table, string createTable, Func<IReadOnlyList<string>, IEnumerable<string>> change)
    {
        var open = createTable.IndexOf('(', StringComparison.Ordinal);
        var close = SqlText.MatchingParenthesis(createTable, open);
        var items = change(SqlText.SplitTopLevel(createTable[(open + 1)..close])).ToList();
        var rewritten = createTable[..(open + 1)] + "\n    " + string.Join(",\n    ", items) + "\n)" + createTable[(close + 1)..];
        return
        [
            "PRAGMA writable_schema = ON",
            $"UPDATE sqlite_schema SET sql = '{rewritten.Replace("'", "''", StringComparison.Ordinal)}' WHERE type = 'table' AND name = '{table.Replace("'", "''", StringComparison.Ordinal)}'",
            "PRAGMA writable_schema = OFF",
        ];
    }

    private static string Q(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"\s+NOT\s+NULL\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotNull();
}
