using PluginDb.Core.Findings;

namespace PluginDb.Core.Migrations;

/// <summary>
/// The outcome of replaying a migration history on a datasource (after DbUp's
/// <c>DatabaseUpgradeResult</c>): a replay returns this, it does not throw for a user's bad migration.
/// </summary>
/// <param name="Applied">Migrations applied by this replay, in order.</param>
/// <param name="AlreadyApplied">Migrations that had a row (not rolled back) before the replay and were skipped.</param>
/// <param name="Failed">The migration that failed, or null.</param>
/// <param name="Error">The database's error text for the failure or refusal, or null.</param>
/// <param name="Findings">What the replay found; empty on success.</param>
/// <param name="DatabaseState">In plain words, the state the replay left the database in.</param>
public sealed record MigrationOutcome(
    IReadOnlyList<string> Applied,
    IReadOnlyList<string> AlreadyApplied,
    string? Failed,
    string? Error,
    IReadOnlyList<Finding> Findings,
    string DatabaseState)
{
    /// <summary>Nothing failed and nothing was refused.</summary>
    public bool Successful => Failed is null && Error is null && !Findings.Any(f => f.Severity == Severity.Error);
}
