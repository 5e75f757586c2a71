using PluginDb.Core.Manifests;
using PluginDb.Core.Schemas;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Schemas;

/// <summary>The rows of <see cref="PostgresCatalogQueries"/> for one schema, and the model built from them.</summary>
internal sealed class PostgresCatalog(string schema)
{
    private readonly string[] _ownPrefixes = [schema + ".", PostgresMigrationsTable.QuoteIdentifier(schema) + "."];
    private readonly List<ColumnRow> _columns = [];
    private readonly List<ConstraintRow> _constraints = [];
    private readonly List<IndexKeyRow> _indexKeys = [];
    private readonly List<EnumType> _enums = [];
    private readonly List<View> _views = [];
    private readonly List<Sequence> _sequences = [];

    /// <summary>Takes the rows of the six queries, in <see cref="PostgresIntrospector"/>'s order, in PostgreSQL's text format.</summary>
    public void Read(IReadOnlyList<IReadOnlyList<string?[]>> sets)
    {
        foreach (var row in sets[0])
        {
            _columns.Add(new ColumnRow(row[0]!, row[1], row[2] ?? string.Empty, row[3] is not null && PostgresText.Boolean(row[3]), row[4], row[5] ?? string.Empty, row[6] ?? string.Empty));
        }
        foreach (var row in sets[1])
        {
            _constraints.Add(new ConstraintRow(row[0]!, row[1]!, row[2]![0], Names(row[3]), row[4], row[5], Names(row[6]), row[7]!, row[8]!, row[9]));
        }
        foreach (var row in sets[2])
        {
            _indexKeys.Add(new IndexKeyRow(row[0]!, row[1]!, PostgresText.Boolean(row[2]), row[3]!, row[4], row[5], row[6]!, (short)PostgresText.Int64(row[7]), row[8], row[9]));
        }
        foreach (var row in sets[3])
        {
            _enums.Add(new EnumType(row[0]!, Names(row[1])));
        }
        foreach (var row in sets[4])
        {
            _views.Add(new View(row[0]!, SchemaNormalization.Expression(row[1]!)));
        }
        foreach (var row in sets[5])
        {
            _sequences.Add(new Sequence(row[0]!, row[1]!, PostgresText.Int64(row[2]), PostgresText.Int64(row[3]), PostgresText.Int64(row[4]), PostgresText.Int64(row[5]), PostgresText.Boolean(row[6])));
        }
    }

    // Names never hold NULL: ARRAY(SELECT attname …) over existing columns.
    private static string[] Names(string? array) => [.. PostgresText.Array(array).Select(name => name ?? string.Empty)];

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
        List<ColumnRow> columnRows,
        List<ConstraintRow> constraints,
        IEnumerable<IndexKeyRow> indexKeys)
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
                        ? new IndexKey(k.Column, false, (k.Option & 1) != 0, k.OperatorClass, k.DefaultOperatorClass)
                        : new IndexKey(SchemaNormalization.Expression(k.Definition), true, (k.Option & 1) != 0, k.OperatorClass, k.DefaultOperatorClass))
                    .ToList();
                return new TableIndex(first.Name, keys, first.Unique,
                    first.Predicate is null ? null : SchemaNormalization.Expression(first.Predicate),
                    first.Method == "btree" ? null : first.Method);
            })
            .ToList();
        return new Table(name, columns, primaryKey, uniques, indexes, foreignKeys, checks);
    }

    private Column BuildColumn(ColumnRow row)
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

    // Reference types, not tuples: generic code over them is shared and precompiled, so a cold process compiles none of it.
    private sealed record ColumnRow(string Table, string? Column, string Type, bool NotNull, string? Default, string Identity, string Generated);

    private sealed record ConstraintRow(string Table, string Name, char Type, string[] Columns, string? Referenced, string? ReferencedSchema, string[] ReferencedColumns, string OnDelete, string OnUpdate, string? Check);

    private sealed record IndexKeyRow(string Table, string Name, bool Unique, string Method, string? Predicate, string? Column, string Definition, short Option, string? OperatorClass, string? DefaultOperatorClass);
}
