using System.Globalization;
using PluginDb.Core.Findings;

namespace PluginDb.Core.Migrations;

/// <summary>
/// Whether a live database's <c>_prisma_migrations</c> agrees with the migrations in the repository —
/// the questions <c>prisma migrate status</c> asks (the Prisma peer's FACTS §5), plus the checksum
/// comparison it computes but does not report (§5c). Each case has its own code:
/// pending (SDB205, a warning: a live database may be behind until the next deploy),
/// applied but missing from the repository (SDB206), modified after it was applied (SDB207, by
/// <see cref="MigrationChecksum.Matches"/>, so a change of line endings alone is not reported),
/// an unresolved failed row (SDB202, as the runners report it) and a rolled-back row (SDB208, a notice).
/// Findings sit on the migration's migration.sql where the repository has it, else on the migrations folder.
/// </summary>
public static class HistoryIntegrity
{
    public static IReadOnlyList<Finding> Check(
        IReadOnlyList<LocalMigration> local,
        IReadOnlyList<AppliedMigration> applied,
        string? pluginId,
        string displayBase,
        string? migrationsDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(displayBase);
        var byName = new Dictionary<string, LocalMigration>(StringComparer.Ordinal);
        foreach (var migration in local)
        {
            byName.TryAdd(migration.Name, migration);
        }
        var folder = migrationsDirectory ?? (local.Count > 0 ? Path.GetDirectoryName(local[0].DirectoryPath) : null);
        string? FileOf(string name) =>
            byName.TryGetValue(name, out var m) ? DisplayPath.Of(m.ScriptPath, displayBase)
            : folder is null ? null : DisplayPath.Of(folder, displayBase);

        var plan = MigrationPlan.Create(local, applied);
        var findings = new List<Finding>();

        foreach (var migration in plan.Pending)
        {
            findings.Add(FindingCodes.MigrationPending.Create(
                $"Migration `{migration.Name}` is in the repository but the live database has not applied it; it will run on the next deploy.",
                pluginId, FileOf(migration.Name)));
        }

        foreach (var name in applied.Where(r => r.IsApplied && !byName.ContainsKey(r.MigrationName)).Select(r => r.MigrationName).Distinct(StringComparer.Ordinal))
        {
            findings.Add(FindingCodes.MigrationMissingLocally.Create(
                $"The live database applied migration `{name}`, but the repository has no such migration folder; " +
                "restore it from the branch that deployed it, or the migrations no longer describe this database.",
                pluginId, FileOf(name)));
        }

        foreach (var row in applied.Where(r => r.IsApplied && byName.ContainsKey(r.MigrationName)))
        {
            var migration = byName[row.MigrationName];
            if (!MigrationChecksum.Matches(row.Checksum, migration.Script))
            {
                findings.Add(FindingCodes.MigrationModified.Create(
                    $"Migration `{migration.Name}` was changed after the live database applied it: the database stored checksum {row.Checksum}, " +
                    $"the repository's migration.sql has {migration.Checksum}. Restore the applied script and put the change in a new migration.",
                    pluginId, FileOf(migration.Name)));
            }
        }

        findings.AddRange(plan.Blocked(local, pluginId, displayBase).Findings
            .Select((f, i) => f.File is null ? f.At(FileOf(plan.FailedRows[i].MigrationName)) : f));

        foreach (var row in applied.Where(r => r.IsRolledBack))
        {
            var again = applied.Any(r => r.IsApplied && string.Equals(r.MigrationName, row.MigrationName, StringComparison.Ordinal));
            findings.Add(FindingCodes.MigrationRolledBack.Create(
                $"An attempt to apply `{row.MigrationName}` was marked rolled back at {Time(row.RolledBackAt!.Value)} UTC" +
                (again ? "; the migration was applied again afterwards." : "; it counts as not applied."),
                pluginId, FileOf(row.MigrationName)));
        }
        return findings;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
