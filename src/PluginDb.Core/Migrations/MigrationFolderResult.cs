using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;

namespace PluginDb.Core.Migrations;

/// <summary>
/// A migrations directory as read from disk: its migrations in the order they apply, the provider its
/// <c>migration_lock.toml</c> names (null when there is none or it names none we know), and what is wrong with it.
/// </summary>
public sealed record MigrationFolderResult(
    string DirectoryPath,
    IReadOnlyList<LocalMigration> Migrations,
    DatabaseProvider? LockProvider,
    IReadOnlyList<Finding> Findings)
{
    /// <summary>Whether a finding at error level keeps this history from being applied.</summary>
    public bool HasErrors => Findings.Any(f => f.Severity == Severity.Error);
}
