using PluginDb.Core.Findings;

namespace PluginDb.Core.Migrations;

/// <summary>
/// The outcome of replaying a migration history on a datasource (after DbUp's
/// <c>DatabaseUpgradeResult</c>): a run returns this, it does not throw for a user's bad migration.
/// </summary>
/// <param name="Applied">Migrations applied by this run, in order.</param>
/// <param name="AlreadyApplied">Migrations that had a row (not rolled back) before the run and were skipped.</param>
/// <param name="Failed">The migration that failed, or null.</param>
/// <param name="Error">The database's error text for the failure or refusal, or null.</param>
/// <param name="Findings">What the run found; empty on success.</param>
/// <param name="DatabaseState">In plain words, the state the run left the database in.</param>
public sealed record MigrationRunResult(
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
