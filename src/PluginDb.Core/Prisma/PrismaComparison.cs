using PluginDb.Core.Manifests;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Prisma;

/// <summary>
/// "Is schema.prisma in step with the migrations?" as Prisma's <c>migrate diff --from-migrations
/// --to-schema</c> answers it, without Prisma: the replayed migrations, as Prisma's describer reads a
/// database, against schema.prisma mapped as its schema calculator would create it, compared by the
/// rules of its differ (docs/prisma-semantics.md has each rule and where it comes from):
/// <list type="bullet">
/// <item>tables, columns and enums pair by exact name; an enum's values compare as a set;</item>
/// <item>a column differs by its type (PostgreSQL: native type; SQLite: family), its arity (a
/// PostgreSQL array is a list whatever its <c>NOT NULL</c>), its default (<see cref="PrismaDefault.Matches"/>)
/// and, on PostgreSQL, whether it autoincrements;</item>
/// <item>indexes and unique constraints pair by shape, not name (<see cref="CompareIndexes"/>);
/// expression indexes are invisible, and so are index predicates unless the schema turns on the
/// <c>partialIndexes</c> preview feature;</item>
/// <item>foreign keys pair by what they constrain and reference; a name alone differs on PostgreSQL
/// only, and not on an implicit many-to-many table;</item>
/// <item>CHECK constraints, views and free sequences are not compared: they are returned as ignored.</item>
/// </list>
/// Differences are named as schema.prisma names the object where it declares one (expected side)
/// and as the migrations name it where only they have it (actual side).
/// </summary>
public static partial class PrismaComparison
{
    public static PrismaComparisonResult Compare(PrismaMapping expected, DatabaseSchema actual, DatabaseProvider provider)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var context = new Context(expected, provider, expected.Schema.Enums.Select(e => e.Name).ToHashSet(StringComparer.Ordinal),
            actual.Enums.Select(e => e.Name).ToHashSet(StringComparer.Ordinal));
        foreach (var table in actual.Tables)
        {
            context.Ignored.AddRange(table.Checks.Select(c => new PrismaIgnoredObject(SchemaObjectType.Check, table.Name, c.Name,
                "Prisma does not manage CHECK constraints")));
        }
        context.Ignored.AddRange(actual.Views.Select(v => new PrismaIgnoredObject(SchemaObjectType.View, null, v.Name,
            "Prisma Migrate does not manage views")));
        context.Ignored.AddRange(actual.Sequences.Select(s => new PrismaIgnoredObject(SchemaObjectType.Sequence, null, s.Name,
            "a sequence no column owns is not part of a Prisma schema")));

        var actualTables = actual.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var table in expected.Schema.Tables)
        {
            if (actualTables.Remove(table.Name, out var match))
            {
                CompareTable(table, match, context);
            }
            else
            {
                context.Add(DifferenceKind.Missing, SchemaObjectType.Table, table.Name, table.Name);
            }
        }
        foreach (var table in actual.Tables.Where(t => actualTables.ContainsKey(t.Name)))
        {
            context.Add(DifferenceKind.Extra, SchemaObjectType.Table, table.Name, table.Name);
        }
        CompareEnums(expected.Schema.Enums, actual.Enums, context);

        var differences = context.Differences
            .OrderBy(d => d.Table ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(d => d.ObjectType)
            .ThenBy(d => d.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Property ?? string.Empty, StringComparer.Ordinal)
            .ToList();
        return new PrismaComparisonResult(differences, context.Ignored);
    }

    private sealed class Context(PrismaMapping mapping, DatabaseProvider provider, IReadOnlySet<string> expectedEnums, IReadOnlySet<string> actualEnums)
    {
        public PrismaMapping Mapping { get; } = mapping;

        public DatabaseProvider Provider { get; } = provider;

        public IReadOnlySet<string> ExpectedEnums { get; } = expectedEnums;

        public IReadOnlySet<string> ActualEnums { get; } = actualEnums;

        public List<SchemaDifference> Differences { get; } = [];

        public List<PrismaIgnoredObject> Ignored { get; } = [];

        public bool Postgres => Provider == DatabaseProvider.Postgresql;

        public void Add(DifferenceKind kind, SchemaObjectType type, string? table, string path) =>
            Differences.Add(new SchemaDifference(kind, type, table, path, null, null, null, kind == DifferenceKind.Missing
                ? $"{Word(type)} {path} is declared in schema.prisma but no migration creates it"
                : $"{Word(type)} {path} is created by the migrations but schema.prisma does not declare it"));

        public void Changed(SchemaObjectType type, string? table, string path, string property, string? expected, string? actual) =>
            Differences.Add(new SchemaDifference(DifferenceKind.Changed, type, table, path, property, expected, actual,
                $"{Word(type)} {path} differs: {property} is {expected ?? "none"} in schema.prisma but {actual ?? "none"} after the migrations"));
    }

    private static void CompareTable(Table expected, Table actual, Context context)
    {
        var table = expected.Name;
        var actualColumns = actual.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var column in expected.Columns)
        {
            if (actualColumns.Remove(column.Name, out var match))
            {
                CompareColumn(table, column, match, actual, context);
            }
            else
            {
                context.Add(DifferenceKind.Missing, SchemaObjectType.Column, table, table + "." + column.Name);
            }
        }
        foreach (var column in actual.Columns.Where(c => actualColumns.ContainsKey(c.Name)))
        {
            context.Add(DifferenceKind.Extra, SchemaObjectType.Column, table, table + "." + column.Name);
        }
        ComparePrimaryKey(table, expected.PrimaryKey, actual.PrimaryKey, context);
        CompareIndexes(expected, actual, context);
        CompareForeignKeys(expected, actual, context);
    }

    private static void CompareColumn(string table, Column expected, Column actual, Table actualTable, Context context)
    {
        var path = table + "." + expected.Name;
        var provider = context.Provider;
        var expectedType = PrismaColumnType.Of(expected.Type, provider, context.ExpectedEnums, describedFromDatabase: false);
        var actualType = PrismaColumnType.Of(actual.Type, provider, context.ActualEnums, describedFromDatabase: true);
        if (actualType.DiffersFrom(expectedType, provider))
        {
            context.Changed(SchemaObjectType.Column, table, path, "type", expected.Type, actual.Type);
        }
        // A PostgreSQL array is a list whatever its NOT NULL; SQLite's INTEGER primary key is never null.
        var actualNullable = actual.Nullable && !IsRowId(actual, actualType, actualTable, provider);
        if (!expectedType.IsList && !actualType.IsList && expected.Nullable != actualNullable)
        {
            context.Changed(SchemaObjectType.Column, table, path, "nullability", Nullability(expected.Nullable), Nullability(actualNullable));
        }
        var expectedDefault = context.Mapping.Defaults.GetValueOrDefault(path);
        var actualDefault = PrismaDefaultReader.Read(actual, actualType, provider);
        if (!PrismaDefault.Matches(actualDefault, expectedDefault, actualType.Family == PrismaColumnFamily.DateTime))
        {
            context.Changed(SchemaObjectType.Column, table, path, "default", expectedDefault?.ToString(), actualDefault?.ToString());
        }
        // SQLite's differ never reports autoincrement: every INTEGER primary key is a row id there.
        if (context.Postgres && (expected.Identity != ColumnIdentity.None) != (actual.Identity != ColumnIdentity.None))
        {
            context.Changed(SchemaObjectType.Column, table, path, "autoincrement", Flag(expected.Identity != ColumnIdentity.None), Flag(actual.Identity != ColumnIdentity.None));
        }
    }

    // SQLite: a single-column INTEGER primary key is the row id, described as required and autoincrementing.
    private static bool IsRowId(Column column, PrismaColumnType type, Table table, DatabaseProvider provider) =>
        provider == DatabaseProvider.Sqlite && table.PrimaryKey is { Columns.Count: 1 } key &&
        string.Equals(key.Columns[0], column.Name, StringComparison.Ordinal) &&
        string.Equals(column.Type, "INTEGER", StringComparison.OrdinalIgnoreCase) && type.Family == PrismaColumnFamily.Int;

    private static void ComparePrimaryKey(string table, PrimaryKey? expected, PrimaryKey? actual, Context context)
    {
        string PathOf(PrimaryKey key) => table + "." + (key.Name ?? "primary key");
        switch (expected, actual)
        {
            case (null, null):
                return;
            case (not null, null):
                context.Add(DifferenceKind.Missing, SchemaObjectType.PrimaryKey, table, PathOf(expected));
                return;
            case (null, not null):
                context.Add(DifferenceKind.Extra, SchemaObjectType.PrimaryKey, table, PathOf(actual));
                return;
        }
        if (!expected.Columns.SequenceEqual(actual.Columns, StringComparer.Ordinal))
        {
            context.Changed(SchemaObjectType.PrimaryKey, table, PathOf(expected), "columns", List(expected.Columns), List(actual.Columns));
        }
        // SQLite keeps no primary-key names.
        else if (context.Postgres && expected.Name is not null && actual.Name is not null && !string.Equals(expected.Name, actual.Name, StringComparison.Ordinal))
        {
            context.Changed(SchemaObjectType.PrimaryKey, table, PathOf(expected), "name", expected.Name, actual.Name);
        }
    }

    private static void CompareEnums(IReadOnlyList<EnumType> expected, IReadOnlyList<EnumType> actual, Context context)
    {
        var actualByName = actual.ToDictionary(e => e.Name, StringComparer.Ordinal);
        foreach (var type in expected)
        {
            if (!actualByName.Remove(type.Name, out var match))
            {
                context.Add(DifferenceKind.Missing, SchemaObjectType.Enum, null, type.Name);
                continue;
            }
            foreach (var value in type.Values.Except(match.Values, StringComparer.Ordinal))
            {
                context.Add(DifferenceKind.Missing, SchemaObjectType.EnumValue, null, type.Name + "." + value);
            }
            foreach (var value in match.Values.Except(type.Values, StringComparer.Ordinal))
            {
                context.Add(DifferenceKind.Extra, SchemaObjectType.EnumValue, null, type.Name + "." + value);
            }
        }
        foreach (var type in actual.Where(e => actualByName.ContainsKey(e.Name)))
        {
            context.Add(DifferenceKind.Extra, SchemaObjectType.Enum, null, type.Name);
        }
    }

    private static string Nullability(bool nullable) => nullable ? "NULL" : "NOT NULL";

    private static string Flag(bool value) => value ? "true" : "false";

    private static string List(IEnumerable<string> items) => "(" + string.Join(", ", items) + ")";

    private static string Word(SchemaObjectType type) => type switch
    {
        SchemaObjectType.PrimaryKey => "primary key",
        SchemaObjectType.UniqueConstraint => "unique constraint",
        SchemaObjectType.ForeignKey => "foreign key",
        SchemaObjectType.EnumValue => "enum value",
        _ => type.ToString().ToLowerInvariant(),
    };
}
