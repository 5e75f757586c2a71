using System.Globalization;
using PluginDb.Core.Findings;

namespace PluginDb.Core.Migrations;

/// <summary>
/// What <c>prisma migrate deploy</c> decides from the local migrations and the rows of
/// <c>_prisma_migrations</c>, whatever the provider: which migrations are pending, which count as applied,
/// and which failed rows refuse the run (P3009). The results and texts every runner reports for those
/// decisions live here too, so the SQLite and PostgreSQL runners say the same thing the same way.
/// </summary>
/// <param name="Pending">Local migrations without a row that is not rolled back, in the order they apply.</param>
/// <param name="AlreadyApplied">Local migrations that have such a row; deploy skips them (it never compares checksums).</param>
/// <param name="FailedRows">Rows with neither <c>finished_at</c> nor <c>rolled_back_at</c>; while one exists nothing is applied.</param>
public sealed record MigrationPlan(
    IReadOnlyList<LocalMigration> Pending,
    IReadOnlyList<string> AlreadyApplied,
    IReadOnlyList<AppliedMigration> FailedRows)
{
    /// <summary>Prisma's <c>logs</c> texts are unbounded; a statement longer than this is cut in ours.</summary>
    private const int MaxStatementInLogs = 2000;

    /// <summary>
    /// Whether the database is a throwaway replay (a check, a pull request): a failure there is fixed in
    /// the file alone, while a persistent database also keeps the failed row to resolve.
    /// </summary>
    public bool Throwaway { get; init; }

    /// <summary>Whether a failed row blocks the run (Prisma's P3009).</summary>
    public bool IsBlocked => FailedRows.Count > 0;

    /// <summary>
    /// "Applied" for deploy is a row with the migration's name that is not rolled back — a failed row
    /// counts too, which is why it blocks instead of being retried.
    /// </summary>
    public static MigrationPlan Create(IReadOnlyList<LocalMigration> migrations, IReadOnlyList<AppliedMigration> history)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(history);
        var appliedNames = history.Where(r => r.RolledBackAt is null).Select(r => r.MigrationName).ToHashSet(StringComparer.Ordinal);
        return new MigrationPlan(
            migrations.Where(m => !appliedNames.Contains(m.Name)).ToList(),
            migrations.Where(m => appliedNames.Contains(m.Name)).Select(m => m.Name).ToList(),
            history.Where(r => r.IsFailed).ToList());
    }

    /// <summary>The refusal Prisma prints as P3009, one SDB202 finding per failed row.</summary>
    public MigrationOutcome Blocked(IReadOnlyList<LocalMigration> migrations, string? pluginId, string displayBase)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(displayBase);
        var findings = FailedRows.Select(row =>
        {
            var local = migrations.FirstOrDefault(m => string.Equals(m.Name, row.MigrationName, StringComparison.Ordinal));
            var started = row.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
            return FindingCodes.FailedMigrationRecorded.Create(
                $"The `{row.MigrationName}` migration started at {started} UTC failed, and _prisma_migrations still records it as failed; " +
                $"no migration is applied until it is resolved (Prisma's P3009). Fix it, then run `prisma migrate resolve --rolled-back {row.MigrationName}` " +
                "(or `--applied` if you completed it by hand).",
                pluginId,
                local is null ? null : DisplayPath.Of(local.ScriptPath, displayBase));
        }).ToList();
        var names = string.Join(", ", FailedRows.Select(r => r.MigrationName));
        return new MigrationOutcome([], [], null, $"Failed migrations block the history: {names}", findings,
            $"Unchanged: failed migration(s) {names} must be resolved first.");
    }

    /// <summary>
    /// The refusal Prisma prints as P3005: <paramref name="target"/> ("The database", "The schema `x`")
    /// has tables but no <c>_prisma_migrations</c>.
    /// </summary>
    public static MigrationOutcome NotManaged(string target, IReadOnlyList<string> userTables, string? pluginId, string? file)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(userTables);
        var message =
            $"{target} is not empty ({userTables.Count} table(s), e.g. {string.Join(", ", userTables.Take(3))}) but has no _prisma_migrations table, " +
            "so Prisma would refuse to deploy (P3005). Baseline it with `prisma migrate resolve --applied <migration>` for each migration it already contains. Nothing was applied.";
        var finding = FindingCodes.DatabaseNotManaged.Create(message, pluginId, file);
        return new MigrationOutcome([], [], null, message, [finding], $"Unchanged: {char.ToLowerInvariant(target[0])}{target[1..]} has tables but no migration history.");
    }

    /// <summary>The result of a run in which every pending migration applied.</summary>
    public MigrationOutcome Completed(IReadOnlyList<string> applied)
    {
        ArgumentNullException.ThrowIfNull(applied);
        var state = applied.Count == 0
            ? "No pending migrations; the database was not changed."
            : $"Applied {applied.Count} migration(s); the database is at {applied[^1]}.";
        return new MigrationOutcome(applied, AlreadyApplied, null, null, [], state);
    }

    /// <summary>
    /// The result of a run stopped by a failing migration: one SDB201 finding on its migration.sql at
    /// <paramref name="position"/>. <paramref name="explanation"/> says what the failure did to the
    /// database and how to go on; <paramref name="state"/> is the run's <see cref="MigrationOutcome.DatabaseState"/>.
    /// </summary>
    public MigrationOutcome Failed(
        LocalMigration migration,
        IReadOnlyList<string> applied,
        string error,
        SourcePosition position,
        string explanation,
        string state,
        string? pluginId,
        string displayBase)
    {
        ArgumentNullException.ThrowIfNull(migration);
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(displayBase);
        var message =
            $"Migration `{migration.Name}` failed at line {position.Line}: {error}. {explanation} " +
            (Throwaway
                ? "Fix the migration.sql: it failed in a replay on a throwaway database, so no database holds its failed row."
                : $"Fix the script and run `prisma migrate resolve --rolled-back {migration.Name}`, then migrate again.");
        var finding = FindingCodes.MigrationFailed.Create(message, pluginId, DisplayPath.Of(migration.ScriptPath, displayBase), position.Line, position.Column);
        return new MigrationOutcome(applied, AlreadyApplied, migration.Name, error, [finding], state);
    }

    /// <summary>
    /// The <c>logs</c> text of a failed row: close to the native engine's P3018 text (the Prisma peer's
    /// FACTS §4), plus where the failing statement is. Prisma treats <c>logs</c> as free text.
    /// </summary>
    public static string FailureLogs(string migrationName, string errorCode, string error, SourcePosition position, string statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var shown = statement.Length > MaxStatementInLogs ? statement[..MaxStatementInLogs] + " …" : statement;
        return
            "A migration failed to apply. New migrations cannot be applied before the error is recovered from. " +
            "Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\n" +
            $"Migration name: {migrationName}\n\n" +
            $"Database error code: {errorCode}\n\n" +
            $"Database error:\n{error}\n\n" +
            $"Failed statement (migration.sql line {position.Line}, column {position.Column}):\n{shown}\n";
    }
}
