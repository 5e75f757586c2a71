using PluginDb.Core;
using PluginDb.Core.Datasources;
using PluginDb.Core.Manifests;
using PluginDb.Core.Reports;
using PluginDb.Datasources.Postgres;
using PluginDb.Datasources.Sqlite;

namespace PluginDb.Datasources.Plugins;

/// <summary>
/// Where plugins' datasources live for good, as the platform keeps them: SQLite files and secrets under
/// the data root, schema/role pairs in the platform's database (<see cref="PlatformDatabase"/>, opened
/// when a plugin needs it). What it hands out is never throwaway. A manifest or a configuration it cannot
/// serve is an <see cref="InvalidOperationException"/>; a fault of the platform's server a
/// <see cref="PostgresServerException"/>.
/// </summary>
/// <param name="dataRoot">The data root: <c>plugins/&lt;id&gt;.db</c> and the secret store.</param>
/// <param name="platformUrl">The platform's database, for exclusive-postgres plugins; null where there is none.</param>
/// <param name="allowedExtensions">Extensions the platform offers besides the server's trusted ones.</param>
/// <param name="displayBase">The folder paths are shown relative to.</param>
/// <param name="secretSeen">Told each secret before anything could print it, to keep it out of logs.</param>
public sealed class PersistentDatasources(string dataRoot, string? platformUrl, IReadOnlySet<string> allowedExtensions, string displayBase, Action<string> secretSeen)
    : IAsyncDisposable
{
    private PlatformDatabase? _platform;

    /// <summary>The plugin's datasource, made or reused with its grants and limits asserted again.</summary>
    /// <returns>The datasource, whether it existed, the audit event, and where it is as people are told (a path, a masked URL).</returns>
    public async Task<(PluginDatasource Datasource, bool Reused, AuditEvent Audit, string Shown)> OpenAsync(PluginManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Database.Mode == DatabaseMode.ExclusiveSqlite)
        {
            var (file, reused) = await PluginProvisioner.OpenSqliteAsync(dataRoot, manifest, throwaway: false, cancellationToken).ConfigureAwait(false);
            var shown = DisplayPath.Of(file.Path, displayBase);
            return (file, reused, new AuditEvent(DateTimeOffset.UtcNow, manifest.Id, reused ? AuditEvents.Reused : AuditEvents.Provisioned, AuditEvents.Succeeded, shown), shown);
        }
        var pair = await Platform(manifest).EnsureAsync(manifest, cancellationToken).ConfigureAwait(false);
        secretSeen(pair.Pair.Password);
        return (pair, pair.Pair.Reused, pair.Pair.ToAuditEvent(DateTimeOffset.UtcNow), pair.Descriptor.MaskedUrl);
    }

    /// <summary>The plugin's descriptor, and whether its datasource exists; no descriptor for a shared plugin or a pair never provisioned.</summary>
    public async Task<(PluginDatasourceDescriptor? Descriptor, bool Exists)> DescribeAsync(PluginManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        switch (manifest.Database.Mode)
        {
            case DatabaseMode.ExclusiveSqlite:
                return (SqliteFileProvider.Describe(dataRoot, manifest), File.Exists(SqliteFileProvider.DatabasePath(dataRoot, manifest.Id)));
            case DatabaseMode.ExclusivePostgres:
                var descriptor = await Platform(manifest).DescribeAsync(manifest, cancellationToken).ConfigureAwait(false);
                return (descriptor, descriptor is not null);
            default:
                return (null, false);
        }
    }

    /// <summary>Gives the plugin's PostgreSQL role a new password.</summary>
    public async Task<PostgresRotation> RotateAsync(PluginManifest manifest, CancellationToken cancellationToken)
    {
        var rotation = await Platform(manifest).RotateAsync(manifest, cancellationToken).ConfigureAwait(false);
        secretSeen(rotation.Password);
        return rotation;
    }

    /// <summary>Drops the plugin's schema and role, and forgets its secret.</summary>
    public Task<PostgresTeardown> TeardownAsync(PluginManifest manifest, CancellationToken cancellationToken) =>
        Platform(manifest).TeardownAsync(manifest, cancellationToken);

    private PlatformDatabase Platform(PluginManifest manifest)
    {
        if (manifest.Database.Mode != DatabaseMode.ExclusivePostgres)
        {
            throw new InvalidOperationException($"This acts on an exclusive-postgres plugin's role; {manifest.Id} is {manifest.Database.Mode.ToManifestName()}.");
        }
        if (_platform is not null)
        {
            return _platform;
        }
        if (string.IsNullOrWhiteSpace(platformUrl))
        {
            throw new InvalidOperationException("An exclusive-postgres plugin's persistent datasource lives in the database of --postgres-url <url>; name it.");
        }
        try
        {
            _platform = PlatformDatabase.Open(platformUrl, dataRoot, allowedExtensions);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException($"--postgres-url: {exception.Message}", exception);
        }
        if (_platform.Password is { Length: > 0 } password)
        {
            secretSeen(password);
        }
        return _platform;
    }

    public ValueTask DisposeAsync() => _platform?.DisposeAsync() ?? ValueTask.CompletedTask;
}
