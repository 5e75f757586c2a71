using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Drift;

/// <summary>
/// A plugin's live database against the schema its migrations produce (SDB301–304), and the live
/// database's <c>_prisma_migrations</c> against the repository's migrations (SDB202, SDB205–208).
/// </summary>
public static class LiveDriftCheck
{
    /// <param name="expected">The schema the plugin's migrations produce.</param>
    /// <param name="actual">The live database's schema.</param>
    /// <param name="history">The live database's <c>_prisma_migrations</c> rows.</param>
    /// <param name="label">How findings name the live database (<c>database data/plugins/x.db</c>, <c>schema x</c>).</param>
    /// <returns>The schema differences, the history findings, and all findings in report order.</returns>
    public static (IReadOnlyList<SchemaDifference> Differences, IReadOnlyList<Finding> HistoryFindings, IReadOnlyList<Finding> Findings) Compare(
        DatabaseSchema expected, DatabaseSchema actual, IReadOnlyList<AppliedMigration> history, IReadOnlyList<LocalMigration> migrations,
        PluginManifest manifest, string label, string displayBase)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var differences = SchemaDiff.Compare(expected, actual);
        var historyFindings = HistoryIntegrity.Check(migrations, history, manifest.Id, displayBase, manifest.MigrationsPath);
        var findings = DriftFindings.Create(differences, migrations, manifest.Id, DisplayPath.Of(manifest.ManifestPath, displayBase), label, displayBase);
        return (differences, historyFindings, [.. findings, .. historyFindings]);
    }
}
