using Microsoft.Data.Sqlite;
using PluginDb.Core.Manifests;
using PluginDb.Core.Schemas;

namespace PluginDb.Datasources.Schemas;

/// <summary>
/// Reads a SQLite database into a <see cref="DatabaseSchema"/> from <c>sqlite_schema</c> and the
/// table-valued pragmas (<c>table_xinfo</c>, <c>index_list</c>, <c>index_xinfo</c>,
/// <c>foreign_key_list</c>), all in one batch; constraint names, CHECKs, AUTOINCREMENT and index
/// expressions come from the stored CREATE statements, which the pragmas do not expose. Leaves out
/// <c>_prisma_migrations</c> and SQLite's own objects (<c>sqlite_sequence</c>, <c>sqlite_stat1</c>…).
/// </summary>
public static class SqliteIntrospector
{
    // Objects of ours to read: SQLite's own start with "sqlite_" (https://www.sqlite.org/fileformat2.html#intschema).
    private const string UserTables =
        "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.name <> '_prisma_migrations'";

    private const string Batch =
        "SELECT m.type, m.name, m.sql FROM sqlite_schema m " +
        "WHERE m.type IN ('table', 'view', 'index') AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.tbl_name <> '_prisma_migrations' ORDER BY m.name;" +
        "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p " +
        "WHERE " + UserTables + " AND p.hidden <> 1 ORDER BY m.name, p.cid;" +
        "SELECT m.name, il.name, il.\"unique\", il.origin FROM sqlite_schema m JOIN pragma_index_list(m.name) il " +
        "WHERE " + UserTables + " ORDER BY m.name, il.name;" +
        "SELECT il.name, ix.cid, ix.name, ix.\"desc\" FROM sqlite_schema m JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) ix " +
        "WHERE " + UserTables + " AND ix.key = 1 ORDER BY il.name, ix.seqno;" +
        "SELECT m.name, fk.id, fk.\"table\", fk.\"from\", fk.\"to\", fk.on_update, fk.on_delete FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) fk " +
        "WHERE " + UserTables + " ORDER BY m.name, fk.id, fk.seq;";

    public static async Task<DatabaseSchema> ReadAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Batch;
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var catalog = new Catalog();
                await catalog.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
                return catalog.Build();
            }
        }
    }

    private sealed class Catalog
    {
        // Reference types, not tuples: generic code over them is shared and precompiled, so a cold process compiles none of it.
        private sealed record ObjectRow(string Type, string Name, string? Sql);

        private sealed record ColumnRow(string Table, string Name, string Type, bool NotNull, string? Default, int Pk);

        private sealed record IndexRow(string Table, string Name, bool Unique, string Origin);

        private sealed record KeyRow(string Index, long Cid, string? Column, bool Descending);

        private sealed record ForeignKeyRow(string Table, long Id, string Referenced, string From, string? To, string OnUpdate, string OnDelete);

        private readonly List<ObjectRow> _objects = [];
        private readonly List<ColumnRow> _columns = [];
        private readonly List<IndexRow> _indexes = [];
        private readonly List<KeyRow> _keys = [];
        private readonly List<ForeignKeyRow> _foreignKeys = [];

        public async Task ReadAsync(SqliteDataReader reader, CancellationToken cancellationToken)
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _objects.Add(new ObjectRow(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _columns.Add(new ColumnRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3) != 0,
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5)));
            }
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _indexes.Add(new IndexRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2) != 0, reader.GetString(3)));
            }
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _keys.Add(new KeyRow(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3) != 0));
            }
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _foreignKeys.Add(new ForeignKeyRow(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), reader.GetString(6)));
            }
        }

        public DatabaseSchema Build()
        {
            var sqlByName = _objects.ToDictionary(o => o.Name, o => o.Sql, StringComparer.Ordinal);
            var columnsByTable = _columns.ToLookup(c => c.Table, StringComparer.Ordinal);
            var indexesByTable = _indexes.ToLookup(i => i.Table, StringComparer.Ordinal);
            var keysByIndex = _keys.ToLookup(k => k.Index, StringComparer.Ordinal);
            var foreignKeysByTable = _foreignKeys.ToLookup(f => f.Table, StringComparer.Ordinal);

            var tables = _objects.Where(o => o.Type == "table")
                .Select(o => BuildTable(o.Name, SqliteTableSql.Parse(o.Sql), columnsByTable[o.Name], indexesByTable[o.Name], keysByIndex, foreignKeysByTable[o.Name], columnsByTable, sqlByName))
                .ToList();
            var views = _objects.Where(o => o.Type == "view")
                .Select(o => new View(o.Name, SchemaNormalization.Expression(o.Sql ?? string.Empty)))
                .ToList();
            return new DatabaseSchema(tables, [], views, []);
        }

        private static Table BuildTable(
            string name,
            SqliteTableSql sql,
            IEnumerable<ColumnRow> columnRows,
            IEnumerable<IndexRow> indexRows,
            ILookup<string, KeyRow> keysByIndex,
            IEnumerable<ForeignKeyRow> foreignKeyRows,
            ILookup<string, ColumnRow> columnsByTable,
            Dictionary<string, string?> sqlByName)
        {
            var columnList = columnRows.ToList();
            var columns = columnList
                .Select(c => new Column(
                    c.Name,
                    SchemaNormalization.Type(DatabaseProvider.Sqlite, c.Type),
                    !c.NotNull,
                    SchemaNormalization.Default(DatabaseProvider.Sqlite, c.Default),
                    string.Equals(c.Name, sql.AutoincrementColumn, StringComparison.Ordinal) ? ColumnIdentity.Autoincrement : ColumnIdentity.None))
                .ToList();
            var keyColumns = columnList.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name).ToList();
            var primaryKey = keyColumns.Count == 0 ? null : new PrimaryKey(sql.PrimaryKeyName, keyColumns);

            var uniques = new List<UniqueConstraint>();
            var indexes = new List<TableIndex>();
            foreach (var index in indexRows)
            {
                var keys = keysByIndex[index.Name].ToList();
                switch (index.Origin)
                {
                    case "pk":
                        break;
                    case "u":
                        uniques.Add(new UniqueConstraint(index.Name, keys.Select(k => k.Column ?? string.Empty).ToList()));
                        break;
                    default:
                        indexes.Add(BuildIndex(index.Name, index.Unique, keys, sqlByName.GetValueOrDefault(index.Name)));
                        break;
                }
            }

            var foreignKeys = foreignKeyRows.GroupBy(f => f.Id)
                .Select(group =>
                {
                    var rows = group.ToList();
                    var from = rows.Select(r => r.From).ToList();
                    // A REFERENCES without columns means the referenced table's primary key.
                    var to = rows.All(r => r.To is not null)
                        ? rows.Select(r => r.To!).ToList()
                        : columnsByTable[rows[0].Referenced].Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name).ToList();
                    var foreignKeyName = sql.ForeignKeyNames.GetValueOrDefault(SqliteTableSql.ColumnsKey(from)) ?? $"FOREIGN KEY ({string.Join(", ", from)})";
                    return new ForeignKey(foreignKeyName, from, rows[0].Referenced, to,
                        SchemaNormalization.Action(rows[0].OnDelete), SchemaNormalization.Action(rows[0].OnUpdate));
                })
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .ToList();

            return new Table(name, columns, primaryKey, uniques, indexes, foreignKeys, sql.Checks.OrderBy(c => c.Name, StringComparer.Ordinal).ToList());
        }

        private static TableIndex BuildIndex(string name, bool unique, List<KeyRow> keys, string? sql)
        {
            var (expressions, predicate) = ParseIndexSql(sql);
            var indexKeys = keys.Select((k, i) => k.Cid == -2
                    ? new IndexKey(i < expressions.Count ? expressions[i] : string.Empty, true, k.Descending)
                    : new IndexKey(k.Column ?? "rowid", false, k.Descending))
                .ToList();
            return new TableIndex(name, indexKeys, unique, predicate, null);
        }

        // CREATE [UNIQUE] INDEX name ON table (key [COLLATE c] [ASC|DESC], …) [WHERE predicate]
        private static (IReadOnlyList<string> Keys, string? Predicate) ParseIndexSql(string? sql)
        {
            var on = sql is null ? -1 : SqlText.IndexOfKeyword(sql, "ON");
            var open = on < 0 ? -1 : sql!.IndexOf('(', on);
            var close = open < 0 ? -1 : SqlText.MatchingParenthesis(sql!, open);
            if (close < 0)
            {
                return ([], null);
            }
            var keys = SqlText.SplitTopLevel(sql![(open + 1)..close]).Select(WithoutDirection).ToList();
            var where = SqlText.IndexOfKeyword(sql, "WHERE", close + 1);
            return (keys, where < 0 ? null : SchemaNormalization.Expression(sql[(where + "WHERE".Length)..]));
        }

        private static string WithoutDirection(string key)
        {
            var text = SchemaNormalization.Expression(key);
            foreach (var suffix in new[] { " ASC", " DESC" })
            {
                if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    text = text[..^suffix.Length];
                }
            }
            return SqlText.StripOuterParentheses(text);
        }
    }
}
