using PluginDb.Core.Findings;

namespace PluginDb.Core.Migrations;

/// <summary>A migration as it is on the base a pull request is compared with: its folder name and its migration.sql text.</summary>
public sealed record BaseMigration(string Name, string Script)
{
    /// <summary>Prisma's checksum of the base's script.</summary>
    public string Checksum { get; } = MigrationChecksum.Of(Script);
}

/// <summary>
/// A plugin's migrations against the same plugin's migrations on a base (<c>--base</c>, a pull
/// request's target branch): what a pull request must not do to a history that databases have
/// applied (edit, remove or rename a merged migration: SDB209, SDB210) and what makes its new ones run
/// differently where the base is deployed (a name that sorts before the base's last: SDB211; a
/// timestamp two migrations share: SDB212). Edits are judged as Prisma judges a stored checksum, so a
/// change of line endings alone is not one.
/// </summary>
public static class BaseHistoryCheck
{
    /// <summary>The migrations that are not on the base: the ones a pull request adds.</summary>
    public static IReadOnlyList<LocalMigration> NewMigrations(IReadOnlyList<LocalMigration> head, IReadOnlyList<BaseMigration> baseHistory)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(baseHistory);
        var merged = baseHistory.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        return [.. head.Where(m => !merged.Contains(m.Name))];
    }

    /// <param name="head">The plugin's migrations as checked out, in Prisma's order.</param>
    /// <param name="baseHistory">The same folder's migrations on the base, in any order.</param>
    /// <param name="baseRef">How the base is named to people (<c>origin/main</c>).</param>
    /// <param name="migrationsDirectory">The plugin's migrations folder, for findings about the folder.</param>
    public static IReadOnlyList<Finding> Check(
        IReadOnlyList<LocalMigration> head, IReadOnlyList<BaseMigration> baseHistory, string baseRef, string? pluginId,
        string migrationsDirectory, string displayBase)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(baseHistory);
        var findings = new List<Finding>();
        var byName = head.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var added = NewMigrations(head, baseHistory);

        foreach (var merged in baseHistory.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            if (byName.TryGetValue(merged.Name, out var now))
            {
                if (!MigrationChecksum.Matches(merged.Checksum, now.Script))
                {
                    var line = FirstDifferentLine(merged.Script, now.Script);
                    findings.Add(FindingCodes.MergedMigrationEdited.Create(
                        $"{merged.Name} is merged on {baseRef} and changed here (first at line {line}): databases that applied it keep the old version, and Prisma refuses to go on where its checksum no longer matches. Revert the change and make it a new migration (prisma migrate dev --create-only).",
                        pluginId, DisplayPath.Of(now.ScriptPath, displayBase), line, 1));
                }
                continue;
            }
            var renamed = added.FirstOrDefault(m => MigrationChecksum.Matches(merged.Checksum, m.Script));
            findings.Add(renamed is not null
                ? FindingCodes.MergedMigrationRemoved.Create(
                    $"{merged.Name}, merged on {baseRef}, is renamed to {renamed.Name} here: databases that applied it know it by its old name, would report it missing, and would apply it again under the new one. Keep the old folder name.",
                    pluginId, DisplayPath.Of(renamed.ScriptPath, displayBase), 1, 1)
                : FindingCodes.MergedMigrationRemoved.Create(
                    $"{merged.Name}, merged on {baseRef}, is gone here: databases that applied it would report it missing from the repository (SDB206), and new databases would be made without it. Restore it; undo a change with a new migration.",
                    pluginId, DisplayPath.Of(migrationsDirectory, displayBase)));
        }

        if (baseHistory.Count > 0)
        {
            var last = baseHistory.Select(m => m.Name).Max(StringComparer.Ordinal)!;
            foreach (var migration in added.Where(m => string.CompareOrdinal(m.Name, last) < 0))
            {
                findings.Add(FindingCodes.MigrationOutOfOrder.Create(
                    $"{migration.Name} is new, but sorts before {last}, the last migration on {baseRef}: where the base is deployed it would run after {last}, not where it stands here, and a database made from scratch would run it before. Give it a timestamp after {last} (rename its folder).",
                    pluginId, DisplayPath.Of(migration.ScriptPath, displayBase), 1, 1));
            }
        }

        var newNames = added.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var group in head.Where(m => Timestamp(m.Name) is not null).GroupBy(m => Timestamp(m.Name), StringComparer.Ordinal)
                     .Where(g => g.Count() > 1 && g.Any(m => newNames.Contains(m.Name))))
        {
            var names = group.Select(m => m.Name).ToList();
            foreach (var migration in group.Where(m => newNames.Contains(m.Name)))
            {
                findings.Add(FindingCodes.MigrationTimestampShared.Create(
                    $"{migration.Name} shares its timestamp {group.Key} with {string.Join(", ", names.Where(n => n != migration.Name))}: their order rests on the rest of the name, not on when they were written. Give it a timestamp of its own.",
                    pluginId, DisplayPath.Of(migration.ScriptPath, displayBase), 1, 1));
            }
        }
        return findings;
    }

    /// <summary>The leading timestamp of a Prisma migration name (<c>20240131120000_add_x</c>: its 14 digits), or null.</summary>
    public static string? Timestamp(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var digits = name.TakeWhile(char.IsAsciiDigit).Count();
        return digits >= 8 && (digits == name.Length || name[digits] == '_') ? name[..digits] : null;
    }

    private static int FirstDifferentLine(string before, string after)
    {
        var a = before.ReplaceLineEndings("\n").Split('\n');
        var b = after.ReplaceLineEndings("\n").Split('\n');
        var line = 0;
        while (line < a.Length && line < b.Length && string.Equals(a[line], b[line], StringComparison.Ordinal))
        {
            line++;
        }
        return Math.Min(line, Math.Max(b.Length - 1, 0)) + 1;
    }
}
