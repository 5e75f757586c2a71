using PluginDb.Build.Pipeline;
using PluginDb.Core.Datasources;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Runs;

namespace PluginDb.Build;

/// <summary>Exclusive-postgres plugins: a schema/role pair each on one server for the run.</summary>
internal sealed partial class Build
{
    private static BuildStop PostgresUnavailable() =>
        new(ExitCodes.InfrastructureError, "PostgreSQL datasources are not wired into this build yet.");

    private Task ProvisionPostgres(PluginRun plugin, PluginManifest manifest, RunState run, CancellationToken cancellationToken) =>
        throw PostgresUnavailable();

    private Task<MigrationRunResult> MigratePostgres(PluginRun plugin, MigrationFolderResult folder, RunState run, CancellationToken cancellationToken) =>
        throw PostgresUnavailable();

    private Task ReleasePostgres(RunState run) => Task.CompletedTask;

    private Task EnsurePostgres(PluginManifest manifest, CancellationToken cancellationToken) => throw PostgresUnavailable();

    private Task<PluginDatasourceDescriptor?> DescribePostgres(PluginManifest manifest, CancellationToken cancellationToken) => throw PostgresUnavailable();

    private Task ProvisionPersistentPostgres(PluginRun plugin, CancellationToken cancellationToken) => throw PostgresUnavailable();

    private Task RotateTarget(CancellationToken cancellationToken) => throw PostgresUnavailable();

    private Task TeardownTarget(CancellationToken cancellationToken) => throw PostgresUnavailable();
}
