using Npgsql;
using PluginDb.Core.Manifests;
using PluginDb.Core.Schemas;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Schemas;

/// <summary>The rows of <see cref="PostgresCatalogQueries"/> for one schema, and the model built from them.</summary>
internal sealed class PostgresCatalog(string schema)
{
    private readonly string[] _ownPrefixes = [schema + ".", PostgresMigrationsTable.QuoteIdentifier(schema) + "."];
    private readonly List<(string Table, string? Column, string Type, bool NotNull, string? Default, string Identity, string Generated)> _columns = [];
    private readonly List<(string Table, string Name, char Type, string[] Columns, string? Referenced, string? ReferencedSchema, string[] ReferencedColumns, string OnDelete, string OnUpdate, string? Check)> _constraints = [];
    private readonly List<(string Table, string Name, bool Unique, string Method, string? Predicate, string? Column, string Definition, short Option, string? OperatorClass)> _indexKeys = [];
    private readonly List<EnumType> _enums = [];
    private readonly List<View> _views = [];
    private readonly List<Sequence> _sequences = [];

    public async Task ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            _columns.Add((reader.GetString(0), NullableString(reader, 1), NullableString(reader, 2) ?? string.Empty, !reader.IsDBNull(3) && reader.GetBoolean(3),
                NullableString(reader, 4), NullableString(reader, 5) ?? string.Empty, NullableString(reader, 6) ?? string.Empty));
        }
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            _constraints.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)[0], reader.GetFieldValue<string[]>(3),
                NullableString(reader, 4), NullableString(reader, 5), reader.GetFieldValue<string[]>(6),
                reader.GetString(7), reader.GetString(8), NullableString(reader, 9)));
        }
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            _indexKeys.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.GetString(3), NullableString(reader, 4),
                NullableString(reader, 5), reader.GetString(6), reader.GetInt16(7), NullableString(reader, 8)));
        }
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            _enums.Add(new EnumType(reader.GetString(0), reader.GetFieldValue<string[]>(1)));
        }
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            _views.Add(new View(reader.GetString(0), SchemaNormalization.Expression(reader.GetString(1))));
        }
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            _sequences.Add(new Sequence(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetBoolean(6)));
        }
    }

    public DatabaseSchema Build()
    {
        var constraintsByTable = _constraints.ToLookup(c => c.Table, StringComparer.Ordinal);
        var indexesByTable = _indexKeys.ToLookup(k => k.Table, StringComparer.Ordinal);
        var tables = _columns.GroupBy(c => c.Table, StringComparer.Ordinal)
            .Select(group => BuildTable(group.Key, group.Where(c => c.Column is not null).ToList(), constraintsByTable[group.Key].ToList(), indexesByTable[group.Key]))
            .ToList();
        return new DatabaseSchema(tables, _enums, _views, _sequences);
    }

    private Table BuildTable(
        string name,
        List<(string Table, string? Column, string Type, bool NotNull, string? Default, string Identity, string Generated)> columnRows,
        List<(string Table, string Name, char Type, string[] Columns, string? Referenced, string? ReferencedSchema, string[] ReferencedColumns, string OnDelete, string OnUpdate, string? Check)> constraints,
        IEnumerable<(string Table, string Name, bool Unique, string Method, string? Predicate, string? Column, string Definition, short Option, string? OperatorClass)> indexKeys)
    {
        var columns = columnRows.Select(BuildColumn).ToList();
        var primaryKey = constraints.Where(c => c.Type == 'p').Select(c => new PrimaryKey(c.Name, c.Columns)).FirstOrDefault();
        var uniques = constraints.Where(c => c.Type == 'u').Select(c => new UniqueConstraint(c.Name, c.Columns)).ToList();
        var foreignKeys = constraints.Where(c => c.Type == 'f')
            .Select(c => new ForeignKey(c.Name, c.Columns,
                string.Equals(c.ReferencedSchema, schema, StringComparison.Ordinal) ? c.Referenced ?? string.Empty : c.ReferencedSchema + "." + c.Referenced,
                c.ReferencedColumns, SchemaNormalization.Action(c.OnDelete), SchemaNormalization.Action(c.OnUpdate)))
            .ToList();
        var checks = constraints.Where(c => c.Type == 'c')
            .Select(c => new CheckConstraint(c.Name, SchemaNormalization.Expression(c.Check ?? string.Empty)))
            .ToList();
        var indexes = indexKeys.GroupBy(k => k.Name, StringComparer.Ordinal)
            .Select(group =>
            {
                var first = group.First();
                var keys = group.Select(k => k.Column is not null
                        ? new IndexKey(k.Column, false, (k.Option & 1) != 0, k.OperatorClass)
                        : new IndexKey(SchemaNormalization.Expression(k.Definition), true, (k.Option & 1) != 0, k.OperatorClass))
                    .ToList();
                return new TableIndex(first.Name, keys, first.Unique,
                    first.Predicate is null ? null : SchemaNormalization.Expression(first.Predicate),
                    first.Method == "btree" ? null : first.Method);
            })
            .ToList();
        return new Table(name, columns, primaryKey, uniques, indexes, foreignKeys, checks);
    }

    private Column BuildColumn((string Table, string? Column, string Type, bool NotNull, string? Default, string Identity, string Generated) row)
    {
        var type = SchemaNormalization.Type(DatabaseProvider.Postgresql, WithoutOwnSchema(row.Type));
        var identity = row.Identity switch
        {
            "a" => ColumnIdentity.IdentityAlways,
            "d" => ColumnIdentity.IdentityByDefault,
            _ when SchemaNormalization.IsSequenceDefault(row.Default) => ColumnIdentity.Serial,
            _ => ColumnIdentity.None,
        };
        var expression = identity == ColumnIdentity.Serial ? null : row.Default;
        var defaultValue = row.Generated == "s" && expression is not null
            ? "GENERATED ALWAYS AS (" + SchemaNormalization.Expression(expression) + ") STORED"
            : SchemaNormalization.Default(DatabaseProvider.Postgresql, expression, type);
        return new Column(row.Column!, type, !row.NotNull, defaultValue, identity);
    }

    // format_type qualifies a type that is not on the search_path; the schema's own types are compared by bare name.
    private string WithoutOwnSchema(string type)
    {
        foreach (var prefix in _ownPrefixes)
        {
            if (type.StartsWith(prefix, StringComparison.Ordinal))
            {
                return type[prefix.Length..];
            }
        }
        return type;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
