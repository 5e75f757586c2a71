using PluginDb.Core.Manifests;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Prisma;

/// <summary>
/// The SQL a new migration would need to bring the migrations in step with schema.prisma, for the
/// differences where one statement says it plainly; null where only Prisma's own generator should
/// write it (a whole table redefinition on SQLite, a type change with data to convert).
/// </summary>
public static class MigrationSqlHint
{
    /// <param name="difference">A difference with schema.prisma's side as expected and the replayed migrations as actual.</param>
    /// <param name="expected">schema.prisma mapped to the database model.</param>
    public static string? For(SchemaDifference difference, DatabaseSchema expected, DatabaseProvider provider)
    {
        ArgumentNullException.ThrowIfNull(difference);
        ArgumentNullException.ThrowIfNull(expected);
        var table = difference.Table is { } name ? expected.FindTable(name) : null;
        var objectName = difference.Table is { } owner && difference.Path.StartsWith(owner + ".", StringComparison.Ordinal)
            ? difference.Path[(owner.Length + 1)..]
            : difference.Path;
        var index = table?.Indexes.FirstOrDefault(i => i.Name == objectName);
        return (difference.Kind, difference.ObjectType) switch
        {
            (DifferenceKind.Changed, SchemaObjectType.Index) when difference.Property == "name" && provider == DatabaseProvider.Postgresql =>
                $"ALTER INDEX {Quote(difference.Actual ?? objectName)} RENAME TO {Quote(objectName)};",
            (DifferenceKind.Changed, SchemaObjectType.Index) when index is not null =>
                $"DROP INDEX {Quote(difference.Property == "name" ? difference.Actual ?? objectName : objectName)};\n{CreateIndex(table!, index)}",
            (DifferenceKind.Missing, SchemaObjectType.Column) when table?.FindColumn(objectName) is { } column =>
                $"ALTER TABLE {Quote(table.Name)} ADD COLUMN {Quote(column.Name)} {column.Type}{(column.Nullable ? "" : " NOT NULL")}{(column.Default is { } d ? " DEFAULT " + d : "")};",
            (DifferenceKind.Missing, SchemaObjectType.Index or SchemaObjectType.UniqueConstraint) when index is not null => CreateIndex(table!, index),
            (DifferenceKind.Missing, SchemaObjectType.EnumValue) when provider == DatabaseProvider.Postgresql && objectName.LastIndexOf('.') is var dot and > 0 =>
                $"ALTER TYPE {Quote(objectName[..dot])} ADD VALUE '{objectName[(dot + 1)..].Replace("'", "''", StringComparison.Ordinal)}';",
            (DifferenceKind.Missing, SchemaObjectType.Table) when table is not null => CreateTable(table),
            (DifferenceKind.Extra, SchemaObjectType.Index or SchemaObjectType.UniqueConstraint) => $"DROP INDEX {Quote(objectName)};",
            (DifferenceKind.Extra, SchemaObjectType.Column) when difference.Table is { } t => $"ALTER TABLE {Quote(t)} DROP COLUMN {Quote(objectName)};",
            (DifferenceKind.Changed, SchemaObjectType.Column) when provider == DatabaseProvider.Postgresql && difference.Property == "nullability" && difference.Table is { } t =>
                $"ALTER TABLE {Quote(t)} ALTER COLUMN {Quote(objectName)} {(difference.Expected?.Contains("NOT NULL", StringComparison.Ordinal) == true ? "SET" : "DROP")} NOT NULL;",
            _ => null,
        };
    }

    private static string CreateIndex(Table table, TableIndex index) =>
        $"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {Quote(index.Name)} ON {Quote(table.Name)}{(index.Method is { } method ? " USING " + method.ToUpperInvariant() + " " : "")}" +
        $"({string.Join(", ", index.Keys.Select(k => (k.IsExpression ? k.Text : Quote(k.Text)) + (k.OperatorClass is { } ops ? " " + ops : "") + (k.Descending ? " DESC" : "")))})" +
        $"{(index.Predicate is { } where ? " WHERE " + where : "")};";

    private static string CreateTable(Table table)
    {
        var lines = table.Columns
            .Select(c => $"    {Quote(c.Name)} {c.Type}{(c.Nullable ? "" : " NOT NULL")}{(c.Default is { } d ? " DEFAULT " + d : "")}")
            .ToList();
        if (table.PrimaryKey is { } key)
        {
            lines.Add($"    {(key.Name is { } n ? "CONSTRAINT " + Quote(n) + " " : "")}PRIMARY KEY ({string.Join(", ", key.Columns.Select(Quote))})");
        }
        return $"CREATE TABLE {Quote(table.Name)} (\n{string.Join(",\n", lines)}\n);";
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
