namespace PluginDb.Core.Migrations;

/// <summary>
/// One row of <c>_prisma_migrations</c>. A migration may have several rows (a failed attempt marked
/// rolled back, then a successful one).
/// </summary>
public sealed record AppliedMigration(
    string Id,
    string Checksum,
    DateTimeOffset? FinishedAt,
    string MigrationName,
    string? Logs,
    DateTimeOffset? RolledBackAt,
    DateTimeOffset StartedAt,
    int AppliedStepsCount)
{
    /// <summary>A failed attempt nobody resolved: Prisma refuses further migrations while one exists (P3009).</summary>
    public bool IsFailed => FinishedAt is null && RolledBackAt is null;

    /// <summary>Marked rolled back by <c>prisma migrate resolve --rolled-back</c>; the migration counts as not applied.</summary>
    public bool IsRolledBack => RolledBackAt is not null;

    /// <summary>Finished and not rolled back.</summary>
    public bool IsApplied => FinishedAt is not null && RolledBackAt is null;
}
