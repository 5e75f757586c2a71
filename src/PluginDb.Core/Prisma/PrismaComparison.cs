using PluginDb.Core.Manifests;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Prisma;

/// <summary>
/// "Is schema.prisma in step with the migrations?" as Prisma's <c>migrate diff --from-migrations
/// --to-schema</c> answers it, without Prisma: <see cref="SchemaDiff.Compare"/> of the mapped schema
/// with the introspected replay, after both are brought to what Prisma compares.
/// <list type="bullet">
/// <item>CHECK constraints, views and free sequences are not in a Prisma schema and Prisma's differ
/// leaves them alone; they are taken out of the actual side and returned as ignored.</item>
/// <item>An implicit many-to-many table keyed by the unique index <c>_…_AB_unique</c> (histories from
/// before Prisma 6) counts the same as one keyed by the primary key <c>_…_AB_pkey</c>.</item>
/// <item>SQLite keeps no primary-key names, and Prisma matches SQLite foreign keys by their columns and
/// target, not their names (SQLite cannot rename a constraint).</item>
/// <item>A database default on a column whose default Prisma's client computes (<c>uuid()</c>, <c>cuid()</c>…)
/// is not a difference to Prisma.</item>
/// <item>Enum values are compared as a set, not in order.</item>
/// </list>
/// </summary>
public static class PrismaComparison
{
    public static PrismaComparisonResult Compare(PrismaMapping expected, DatabaseSchema actual, DatabaseProvider provider)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var ignored = new List<PrismaIgnoredObject>();
        foreach (var table in actual.Tables)
        {
            ignored.AddRange(table.Checks.Select(c => new PrismaIgnoredObject(SchemaObjectType.Check, table.Name, c.Name,
                "Prisma does not manage CHECK constraints")));
        }
        ignored.AddRange(actual.Views.Select(v => new PrismaIgnoredObject(SchemaObjectType.View, null, v.Name,
            "Prisma Migrate does not manage views")));
        ignored.AddRange(actual.Sequences.Select(s => new PrismaIgnoredObject(SchemaObjectType.Sequence, null, s.Name,
            "a sequence no column owns is not part of a Prisma schema")));

        var expectedTables = expected.Schema.Tables.Select(t => Canonical(t, provider)).ToList();
        var byName = expectedTables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var actualTables = actual.Tables
            .Select(t => Canonical(t with { Checks = [] }, provider))
            .Select(t => provider == DatabaseProvider.Sqlite && byName.TryGetValue(t.Name, out var e) ? WithForeignKeyNamesOf(t, e) : t)
            .ToList();

        var differences = SchemaDiff.Compare(
                expected.Schema with { Tables = expectedTables },
                new DatabaseSchema(actualTables, actual.Enums, [], []))
            .Where(d => !IsClientDefault(d, expected) && !IsEnumOrder(d))
            .ToList();
        return new PrismaComparisonResult(differences, ignored);
    }

    // Prisma compares an enum's values as a set: ALTER TYPE … ADD VALUE appends, and no migration reorders.
    private static bool IsEnumOrder(SchemaDifference difference) =>
        difference is { ObjectType: SchemaObjectType.Enum, Property: "value order" };

    private static bool IsClientDefault(SchemaDifference difference, PrismaMapping expected) =>
        difference is { Kind: DifferenceKind.Changed, ObjectType: SchemaObjectType.Column, Property: "default", Expected: null } &&
        expected.ClientDefaults.Contains(difference.Path);

    private static Table Canonical(Table table, DatabaseProvider provider)
    {
        var result = table;
        // A join table of an implicit many-to-many relation, keyed by the unique index of old histories.
        if (table.PrimaryKey is null && table.Name.StartsWith('_') &&
            table.Indexes.FirstOrDefault(i => i.Unique && i.Name == table.Name + "_AB_unique" &&
                                              i.Keys.Select(k => k.Text).SequenceEqual(["A", "B"])) is { } pair)
        {
            result = result with
            {
                PrimaryKey = new PrimaryKey(table.Name + "_AB_pkey", ["A", "B"]),
                Indexes = result.Indexes.Where(i => i != pair).ToList(),
            };
        }
        if (provider == DatabaseProvider.Sqlite && result.PrimaryKey is not null)
        {
            result = result with { PrimaryKey = result.PrimaryKey with { Name = null } };
        }
        return result;
    }

    private static Table WithForeignKeyNamesOf(Table actual, Table expected) =>
        actual with
        {
            ForeignKeys = actual.ForeignKeys
                .Select(f => expected.ForeignKeys.FirstOrDefault(e =>
                    e.Columns.SequenceEqual(f.Columns, StringComparer.Ordinal) &&
                    string.Equals(e.ReferencedTable, f.ReferencedTable, StringComparison.Ordinal)) is { } match
                    ? f with { Name = match.Name }
                    : f)
                .ToList(),
        };
}
