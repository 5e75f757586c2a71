using System.Text.RegularExpressions;
using PluginDb.Core.Findings;
using PluginDb.Core.Migrations;

namespace PluginDb.Core.Rehearsal;

/// <summary>
/// What a pull request's new migrations do to a database that has data, in the platform's words:
/// statements that fail only because rows exist (SDB401), tables rewritten under ACCESS EXCLUSIVE
/// (SDB402), indexes built without CONCURRENTLY (SDB403), constraints validated by a scan (SDB404),
/// ACCESS EXCLUSIVE taken without a rewrite (SDB405), data dropped (SDB408), and Prisma's own <c>Warnings</c> header
/// (SDB406, <see cref="PrismaWarningsOf"/>). Only tables that exist on the base count: a table the same change creates has no rows
/// and no readers yet. A comment <c>-- plugindb:ignore SDB4xx reason</c> on the lines just above a
/// statement, or among the comments that open the file, accepts that finding there; it becomes a
/// notice (SDB400) that says what was accepted and why.
/// </summary>
public static partial class RehearsalFindings
{
    /// <param name="observations">What each statement did, in order.</param>
    /// <param name="baseTables">The tables the base already has.</param>
    /// <param name="migrations">The new migrations, for their files and suppression comments.</param>
    public static IReadOnlyList<Finding> Create(
        IReadOnlyList<StatementObservation> observations, IReadOnlySet<string> baseTables, IReadOnlyList<LocalMigration> migrations,
        string? pluginId, string displayBase)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(baseTables);
        ArgumentNullException.ThrowIfNull(migrations);
        var byName = migrations.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var findings = new List<Finding>();
        foreach (var seen in observations)
        {
            var file = byName.TryGetValue(seen.Migration, out var m) ? DisplayPath.Of(m.ScriptPath, displayBase) : null;
            Finding At(FindingCode code, string message, Severity? severity = null) =>
                (severity is { } s ? code.Create(s, message, pluginId, file, seen.Line, 1) : code.Create(message, pluginId, file, seen.Line, 1));
            if (seen.SqlState is { } state)
            {
                if (state.StartsWith("23", StringComparison.Ordinal) || state.StartsWith("22", StringComparison.Ordinal))
                {
                    var onAnyRows = state == "23502" && AddsColumn().IsMatch(seen.Statement);
                    findings.Add(At(FindingCodes.FailsOnData,
                        $"Fails on a table with rows ({seen.Error}; SQLSTATE {state}), though it passes on an empty one: {Advice(state, seen.Statement)}" +
                        (onAnyRows ? " It fails on every table that has a row." : " It failed on the rows the rehearsal put in (repeated values, NULL where allowed); real data may or may not hold such rows."),
                        onAnyRows ? Severity.Error : Severity.Warning));
                }
                continue;
            }
            // The tables it touches: those it locked anew, and the one it names (a lock the transaction
            // already holds, from an earlier statement, does not show as new).
            var target = Target().Match(seen.Statement) is { Success: true } named ? named.Groups["name"].Value : null;
            var touched = seen.NewLocks.Keys.Append(target).OfType<string>().Where(baseTables.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            foreach (var table in touched)
            {
                // A table the statement named but no longer holds a lock on (dropped with the statement) counts as ACCESS EXCLUSIVE, as DROP takes it.
                var held = seen.HeldLocks.GetValueOrDefault(table) ?? "AccessExclusiveLock";
                if (table == target && DropsData().Match(seen.Statement) is { Success: true } drop)
                {
                    findings.Add(At(FindingCodes.DropsData, drop.Groups["column"].Success
                        ? $"Drops the column {drop.Groups["column"].Value.Trim()} of \"{table}\", which has rows: its values are gone for good once this runs (and an application version still reading it fails). Stop reading it first; drop it in a later release, after a backup."
                        : $"Drops the table \"{table}\", which has rows: its data is gone for good once this runs. Stop using it first; drop it in a later release, after a backup."));
                }
                else if (seen.RewrittenTables.Contains(table, StringComparer.Ordinal))
                {
                    findings.Add(At(FindingCodes.TableRewritten,
                        $"ACCESS EXCLUSIVE on \"{table}\" while the table is rewritten: reads and writes wait for the whole rewrite, which grows with the table. Prefer a change that keeps the storage (a new column, backfilled in batches, then swapped) or run it in a maintenance window."));
                }
                else if (table == target && CreatesIndex().Match(seen.Statement) is { Success: true } index && !index.Groups["concurrently"].Success)
                {
                    findings.Add(At(FindingCodes.IndexNotConcurrent,
                        $"{StatementObservation.Spoken(held)} on \"{table}\" while the index is built: writes wait for the whole build. Build it with CREATE INDEX CONCURRENTLY, alone in a migration of its own (Prisma does not write it: edit the generated migration.sql)."));
                }
                else if (table == target && AddsKey().Match(seen.Statement) is { Success: true } key)
                {
                    findings.Add(At(FindingCodes.ConstraintScanned,
                        $"{StatementObservation.Spoken(held)} on \"{table}\" while the index of the new {key.Groups["kind"].Value.ToUpperInvariant()} is built over every row: reads and writes wait for the whole build. Build a unique index CONCURRENTLY in an earlier migration, then add the constraint USING INDEX."));
                }
                else if (table == target && ValidatesConstraint().IsMatch(seen.Statement) && !seen.Statement.Contains("NOT VALID", StringComparison.OrdinalIgnoreCase))
                {
                    findings.Add(At(FindingCodes.ConstraintScanned,
                        $"{StatementObservation.Spoken(held)} on \"{table}\" while every row is checked against the new constraint: writes wait for the whole scan. Add it NOT VALID, then VALIDATE CONSTRAINT in a later migration (which takes SHARE UPDATE EXCLUSIVE and lets writes go on)."));
                }
                else if (seen.NewLocks.GetValueOrDefault(table) == "AccessExclusiveLock")
                {
                    findings.Add(At(FindingCodes.AccessExclusive,
                        $"ACCESS EXCLUSIVE on \"{table}\", without a rewrite: brief, but it waits for every running query on the table and everything queued behind it waits too. Set lock_timeout where the migration runs."));
                }
            }
            foreach (var (index, table) in seen.RewrittenIndexes.Where(i => baseTables.Contains(i.Table) && !seen.RewrittenTables.Contains(i.Table, StringComparer.Ordinal)))
            {
                findings.Add(At(FindingCodes.TableRewritten, $"The index \"{index}\" on \"{table}\" is rebuilt: writes to \"{table}\" wait for the whole build.", Severity.Warning));
            }
        }
        return Accept(findings, migrations, displayBase, pluginId);
    }

    /// <summary>Prisma's warnings in <paramref name="migrations"/> (<see cref="PrismaWarnings"/>), with the acceptances their files hold.</summary>
    public static IReadOnlyList<Finding> PrismaWarningsOf(IReadOnlyList<LocalMigration> migrations, string? pluginId, string displayBase)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        return Accept([.. migrations.SelectMany(m => PrismaWarnings(m, pluginId, displayBase))], migrations, displayBase, pluginId);
    }

    /// <summary>Prisma's <c>/* Warnings: … */</c> header: one finding per bullet, on its line.</summary>
    public static IEnumerable<Finding> PrismaWarnings(LocalMigration migration, string? pluginId, string displayBase)
    {
        ArgumentNullException.ThrowIfNull(migration);
        var lines = migration.Script.ReplaceLineEndings("\n").Split('\n');
        var inWarnings = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("Warnings:", StringComparison.Ordinal))
            {
                inWarnings = true;
            }
            else if (line.StartsWith("*/", StringComparison.Ordinal))
            {
                inWarnings = false;
            }
            else if (inWarnings && line.StartsWith("- ", StringComparison.Ordinal))
            {
                yield return FindingCodes.PrismaWarning.Create($"Prisma warned when it wrote this migration: {line[2..]}",
                    pluginId, DisplayPath.Of(migration.ScriptPath, displayBase), i + 1, lines[i].IndexOf('-', StringComparison.Ordinal) + 1);
            }
        }
    }

    private static string Advice(string state, string statement) => state switch
    {
        "23502" when AddsColumn().IsMatch(statement) =>
            "a required column without a default cannot be added to rows that exist. Add it with a DEFAULT, or nullable, backfill it, then SET NOT NULL.",
        "23502" => "NULLs are in the way. Backfill them (UPDATE … WHERE … IS NULL) in an earlier migration, then SET NOT NULL.",
        "23505" => "repeated values are in the way of the new unique index or constraint. Remove the duplicates in a data migration first.",
        "23503" => "rows reference what does not exist. Add the foreign key NOT VALID, clean up the orphans, then VALIDATE CONSTRAINT.",
        "23514" => "rows break the new check. Add it NOT VALID, fix the rows, then VALIDATE CONSTRAINT.",
        _ when state.StartsWith("22", StringComparison.Ordinal) =>
            "values cannot be converted. Convert with a USING expression that handles every value, or add a new column, backfill it and swap.",
        _ => "change the data first, in a migration of its own.",
    };

    private static List<Finding> Accept(List<Finding> findings, IReadOnlyList<LocalMigration> migrations, string displayBase, string? pluginId)
    {
        var files = migrations.ToDictionary(m => DisplayPath.Of(m.ScriptPath, displayBase), m => m.Script.ReplaceLineEndings("\n").Split('\n'), StringComparer.Ordinal);
        var kept = new List<Finding>();
        foreach (var finding in findings)
        {
            if (finding.File is { } file && files.TryGetValue(file, out var lines) && Accepted(lines, finding.Line ?? 1, finding.Code) is { } reason)
            {
                kept.Add(FindingCodes.FindingAccepted.Create($"{finding.Code} accepted here: {reason} (was: {finding.Message})", pluginId, file, finding.Line, finding.Column));
                continue;
            }
            kept.Add(finding);
        }
        return kept;
    }

    // The comment lines just above the statement, then the comments that open the file.
    private static string? Accepted(string[] lines, int line, string code)
    {
        static IEnumerable<string> Comments(IEnumerable<string> lines) => lines.Select(l => l.Trim()).TakeWhile(l => l.StartsWith("--", StringComparison.Ordinal) || l.Length == 0);
        var above = Comments(lines.Take(line - 1).Reverse());
        var opening = Comments(lines);
        foreach (var comment in above.Concat(opening))
        {
            if (Ignore().Match(comment) is { Success: true } match && match.Groups["code"].Value == code)
            {
                var reason = match.Groups["reason"].Value.Trim();
                return reason.Length > 0 ? reason : "no reason given";
            }
        }
        return null;
    }

    [GeneratedRegex(@"^--\s*plugindb:ignore\s+(?<code>SDB\d{3})\b(?<reason>.*)$")]
    private static partial Regex Ignore();

    [GeneratedRegex(@"\bADD\s+(COLUMN\s+)?(?!CONSTRAINT\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AddsColumn();

    // The table an ALTER TABLE or a CREATE INDEX acts on (without its schema).
    [GeneratedRegex(@"^\s*(?:ALTER\s+TABLE(?:\s+IF\s+EXISTS)?(?:\s+ONLY)?|DROP\s+TABLE(?:\s+IF\s+EXISTS)?|CREATE\s+(?:UNIQUE\s+)?INDEX\b.*?\bON(?:\s+ONLY)?)\s+(?:(?:""[^""]+""|\w+)\.)?(?:""(?<name>[^""]+)""|(?<name>\w+))", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Target();

    // DROP TABLE, or an ALTER TABLE that drops a column (not a constraint, default, NOT NULL or identity).
    [GeneratedRegex(@"^\s*(?:DROP\s+TABLE\b|ALTER\s+TABLE\b.*?\bDROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?(?!(?:CONSTRAINT|DEFAULT|NOT|IDENTITY|EXPRESSION)\b)(?<column>""[^""]+""|\w+))", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex DropsData();

    [GeneratedRegex(@"^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+(?<concurrently>CONCURRENTLY\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex CreatesIndex();

    [GeneratedRegex(@"\bADD\s+(CONSTRAINT\s+\S+\s+)?(FOREIGN\s+KEY|CHECK)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ValidatesConstraint();

    // A primary key or unique constraint added with an index of its own (not USING INDEX).
    [GeneratedRegex(@"\bADD\s+(?:CONSTRAINT\s+\S+\s+)?(?<kind>PRIMARY\s+KEY|UNIQUE)\b(?!.*\bUSING\s+INDEX\b)", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AddsKey();

}
