using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Prisma;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Drift;

/// <summary>A plugin's schema.prisma as the drift check needs it: its files, the findings of reading it, and its mapping (none when those hold an error).</summary>
public sealed record PreparedPrismaSchema(IReadOnlyList<PrismaSourceFile> Files, IReadOnlyList<Finding> RuleFindings, PrismaMapping? Mapping);

/// <summary>
/// A plugin's schema.prisma against what its migrations create, as <c>prisma migrate diff</c> compares
/// them: read, parsed and checked first (<see cref="Prepare"/>, which needs no database, so it can run
/// while the migrations replay), then compared with the replay's schema (SDB310–313).
/// </summary>
public static class PrismaSchemaCheck
{
    /// <summary>Reads the plugin's schema.prisma (or schema folder); null when it has none.</summary>
    /// <param name="pluginDirectory">The plugin's root, which the manifest's paths are relative to.</param>
    /// <param name="displayBase">The folder findings show paths relative to.</param>
    public static PreparedPrismaSchema? Prepare(string pluginDirectory, PluginManifest manifest, string displayBase)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var files = PrismaSchemaLocator.Load(pluginDirectory, manifest.Database.Migrations?.Directory);
        if (files.Count == 0)
        {
            return null;
        }
        var schema = PrismaSchemaParser.Parse(files);
        var ruleFindings = schema.Findings.Concat(PrismaManifestRules.Check(schema, manifest.Database.Provider, manifest.Id))
            .Select(f => f with { File = f.File is { } file ? Shown(pluginDirectory, file, displayBase) : null, Plugin = manifest.Id })
            .ToList();
        var mapping = ruleFindings.Any(f => f.Severity == Severity.Error)
            ? null
            : PrismaSchemaMapper.ToDatabaseSchema(schema, manifest.Database.Provider ?? DatabaseProvider.Sqlite);
        return new PreparedPrismaSchema(files, ruleFindings, mapping);
    }

    /// <summary>
    /// Compares a prepared schema that mapped with <paramref name="expected"/>, the schema the plugin's
    /// <paramref name="migrations"/> produce; the findings point at the model or the migration to fix.
    /// </summary>
    public static (PrismaComparisonResult Comparison, IReadOnlyList<Finding> Findings) Compare(
        PreparedPrismaSchema prepared, DatabaseSchema expected, IReadOnlyList<LocalMigration> migrations,
        string pluginDirectory, PluginManifest manifest, string displayBase)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(manifest);
        var mapping = prepared.Mapping ?? throw new ArgumentException("schema.prisma did not map: its rule findings hold an error.", nameof(prepared));
        var provider = manifest.Database.Provider ?? DatabaseProvider.Sqlite;
        var comparison = PrismaComparison.Compare(mapping, expected, provider);
        var findings = PrismaDriftFindings.Create(comparison, mapping, migrations, provider, manifest.Id,
            Shown(pluginDirectory, prepared.Files[0].Path, displayBase), file => Shown(pluginDirectory, file, displayBase), displayBase);
        return (comparison, findings);
    }

    private static string Shown(string pluginDirectory, string file, string displayBase) => DisplayPath.Of(Path.Combine(pluginDirectory, file), displayBase);
}
