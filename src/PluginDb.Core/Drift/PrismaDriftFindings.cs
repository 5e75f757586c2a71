using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Prisma;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Drift;

/// <summary>
/// Turns the comparison of schema.prisma with what the migrations create (<see cref="PrismaComparison"/>)
/// into findings placed where a person fixes them: an object schema.prisma declares and no migration
/// creates (SDB310) on its declaration; an object the migrations create and schema.prisma lacks (SDB311)
/// on the migration that created it; a difference of both (SDB312) on the declaration; each with the SQL
/// a new migration would need where one statement says it. What Prisma does not compare is one notice
/// (SDB313), not drift.
/// </summary>
public static class PrismaDriftFindings
{
    /// <param name="schemaFile">schema.prisma (or the first file of a schema folder) as findings show it.</param>
    /// <param name="shown">A path of the source map (relative to the plugin) as findings show it.</param>
    public static IReadOnlyList<Finding> Create(
        PrismaComparisonResult comparison,
        PrismaMapping mapping,
        IReadOnlyList<LocalMigration> migrations,
        DatabaseProvider provider,
        string? pluginId,
        string schemaFile,
        Func<string, string> shown,
        string displayBase)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(shown);
        var findings = comparison.Differences.Select(d => Finding(d, mapping, migrations, provider, pluginId, schemaFile, shown, displayBase)).ToList();
        if (comparison.IgnoredByPrisma.Count > 0)
        {
            findings.Add(FindingCodes.IgnoredByPrisma.Create(
                $"Not compared with schema.prisma, as Prisma does not compare them: {string.Join("; ", comparison.IgnoredByPrisma.Select(o => $"{Describe(o.Type)} {(o.Table is { } t ? t + "." : "")}{o.Name} ({o.Reason})"))}.",
                pluginId, schemaFile));
        }
        return findings;
    }

    private static Finding Finding(
        SchemaDifference difference,
        PrismaMapping mapping,
        IReadOnlyList<LocalMigration> migrations,
        DatabaseProvider provider,
        string? pluginId,
        string schemaFile,
        Func<string, string> shown,
        string displayBase)
    {
        var what = $"{Describe(difference.ObjectType)} {difference.Path}";
        var sql = MigrationSqlHint.For(difference, mapping.Schema, provider);
        var fix = sql is null
            ? " Create a migration for it (prisma migrate dev --create-only) and review it."
            : $" A new migration would need:\n{sql}";
        var declared = mapping.Locate(difference.Path) ?? (difference.Table is { } table ? mapping.Locate(table) : null);
        switch (difference.Kind)
        {
            case DifferenceKind.Missing:
                return FindingCodes.SchemaWithoutMigration.Create(
                    $"schema.prisma declares {what}, but no migration creates it.{fix}",
                    pluginId, declared is null ? schemaFile : shown(declared.File), declared?.Line, declared?.Column);
            case DifferenceKind.Extra:
                var mention = DriftFindings.Locate(difference, migrations);
                return FindingCodes.MigrationBeyondSchema.Create(
                    $"The migrations create {what}{(mention is null ? "" : $" (in {mention.Migration.Name})")}, but schema.prisma does not declare it: declare it in the schema, or drop it in a new migration.{fix}",
                    pluginId,
                    mention is null ? schemaFile : DisplayPath.Of(mention.Migration.ScriptPath, displayBase),
                    mention?.Position.Line, mention?.Position.Column);
            default:
                return FindingCodes.SchemaDiffersFromMigrations.Create(
                    $"{what}: {difference.Property} is {difference.Expected ?? "none"} in schema.prisma but {difference.Actual ?? "none"} after the migrations.{fix}",
                    pluginId, declared is null ? schemaFile : shown(declared.File), declared?.Line, declared?.Column);
        }
    }

    private static string Describe(SchemaObjectType type) => type switch
    {
        SchemaObjectType.PrimaryKey => "primary key",
        SchemaObjectType.UniqueConstraint => "unique constraint",
        SchemaObjectType.ForeignKey => "foreign key",
        SchemaObjectType.EnumValue => "enum value",
        _ => type.ToString().ToLowerInvariant(),
    };
}
