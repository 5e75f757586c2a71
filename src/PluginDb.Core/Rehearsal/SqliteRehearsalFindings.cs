using System.Text.RegularExpressions;
using PluginDb.Core.Findings;
using PluginDb.Core.Migrations;

namespace PluginDb.Core.Rehearsal;

/// <summary>
/// What a new SQLite migration did to the rows of the base's tables, from their snapshots before and
/// after it: a table or column dropped with its rows (SDB408), rows that vanished from a table that is
/// still there (SDB409: a redefinition's <c>DROP TABLE</c> fired the ON DELETE actions of child tables,
/// as it does where foreign keys are on, e.g. inside a transaction, where <c>PRAGMA foreign_keys = OFF</c>
/// does nothing), a migration that failed only because rows exist (SDB401), and one that left foreign
/// keys off on its connection (SDB410).
/// </summary>
public static partial class SqliteRehearsalFindings
{
    public static IReadOnlyList<Finding> Compare(
        LocalMigration migration, IReadOnlyList<TableSnapshot> before, IReadOnlyList<TableSnapshot> after, string? failure,
        IReadOnlySet<string> baseTables, string? pluginId, string displayBase)
    {
        ArgumentNullException.ThrowIfNull(migration);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(baseTables);
        var file = DisplayPath.Of(migration.ScriptPath, displayBase);
        var findings = new List<Finding>();
        if (failure is not null)
        {
            findings.Add(FindingCodes.FailsOnData.Create(Severity.Warning,
                $"Fails on tables with rows ({failure}), though it passes on empty ones: change the data first, in a migration of its own, or give the new column a default.",
                pluginId, file, 1, 1));
            return findings;
        }
        var now = after.ToDictionary(t => t.Table, StringComparer.Ordinal);
        foreach (var was in before.Where(t => baseTables.Contains(t.Table) && t.Rows > 0))
        {
            var line = LineOf(migration.Script, was.Table);
            if (!now.TryGetValue(was.Table, out var table))
            {
                findings.Add(FindingCodes.DropsData.Create($"Drops the table \"{was.Table}\", which has rows: its data is gone for good once this runs.", pluginId, file, line, 1));
                continue;
            }
            foreach (var column in was.Columns.Where(c => !table.Columns.Contains(c, StringComparer.Ordinal)))
            {
                findings.Add(FindingCodes.DropsData.Create(
                    $"Drops the column \"{column}\" of \"{was.Table}\", which has rows (the table's redefinition does not copy it): its values are gone for good once this runs.",
                    pluginId, file, line, 1));
            }
            if (table.Rows < was.Rows)
            {
                findings.Add(FindingCodes.RowsLost.Create(
                    $"{was.Rows - table.Rows} of the {was.Rows} rows of \"{was.Table}\" are gone after this migration, which did not delete them itself: a DROP TABLE of a redefinition fired ON DELETE actions, as it does where foreign keys are on (PRAGMA foreign_keys = OFF does nothing inside a transaction). Keep the redefinition outside BEGIN … COMMIT, as Prisma writes it.",
                    pluginId, file, line, 1));
            }
        }
        return findings;
    }

    /// <summary>
    /// SDB410 for a migration after which the connection that applied it had foreign keys off (read from
    /// the connection, <c>PRAGMA foreign_keys</c>), on the line of its last statement that turned them off.
    /// </summary>
    public static Finding ForeignKeysLeftOff(LocalMigration migration, string? pluginId, string displayBase)
    {
        ArgumentNullException.ThrowIfNull(migration);
        var lines = migration.Script.ReplaceLineEndings("\n").Split('\n');
        var line = Enumerable.Range(0, lines.Length).LastOrDefault(i => ForeignKeysOff().IsMatch(lines[i]), -1) + 1;
        return FindingCodes.ForeignKeysLeftOff.Create(
            "Leaves PRAGMA foreign_keys off on the connection that applies it: the migrations after it in the same deploy run without foreign-key checks. " +
            "End it with PRAGMA foreign_keys=ON, as Prisma's table redefinitions do.",
            pluginId, DisplayPath.Of(migration.ScriptPath, displayBase), Math.Max(line, 1), 1);
    }

    [GeneratedRegex(@"^\s*PRAGMA\s+(?:main\.)?foreign_keys\s*=\s*(?:OFF|0|FALSE|NO)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ForeignKeysOff();

    // The line of the migration's first statement that names the table, else the first line.
    private static int LineOf(string script, string table)
    {
        var lines = script.ReplaceLineEndings("\n").Split('\n');
        var quoted = "\"" + table + "\"";
        for (var i = 0; i < lines.Length; i++)
        {
            if (Dml().IsMatch(lines[i]) && lines[i].Contains(quoted, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }
        return 1;
    }

    [GeneratedRegex(@"^\s*(DROP\s+TABLE|ALTER\s+TABLE|DELETE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Dml();
}
