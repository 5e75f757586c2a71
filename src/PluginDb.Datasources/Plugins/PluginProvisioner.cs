using Microsoft.Data.Sqlite;
using Npgsql;
using PluginDb.Core;
using PluginDb.Core.Datasources;
using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;
using PluginDb.Core.Reports;
using PluginDb.Datasources.Postgres;
using PluginDb.Datasources.Sqlite;

namespace PluginDb.Datasources.Plugins;

/// <summary>How a run's datasources are made: where SQLite files go, and what the run keeps.</summary>
/// <param name="DataRoot">The data root SQLite files go under (<c>plugins/&lt;id&gt;.db</c>).</param>
/// <param name="DataRootIsTemporary">Whether that root is the run's own, removed at its end.</param>
/// <param name="InMemory">Whether the run needs only the schemas histories produce: SQLite plugins then get an in-memory database.</param>
/// <param name="Keep">Whether the run keeps its datasources (<c>--keep</c>): none is throwaway then.</param>
/// <param name="DisplayBase">What paths in audit details are shown relative to.</param>
/// <param name="AllowedExtensions">PostgreSQL extensions the platform allows besides the trusted ones.</param>
public sealed record ProvisionOptions(
    string DataRoot,
    bool DataRootIsTemporary,
    bool InMemory,
    bool Keep,
    string DisplayBase,
    IReadOnlySet<string> AllowedExtensions);

/// <summary>
/// The datasources made for a run's plugins, by plugin id, and what making them said: findings for
/// plugins refused, the audit log's events, and the secrets that must never be printed.
/// <see cref="Unreachable"/> is set when storage itself failed, a fault of the machine, not of a plugin.
/// </summary>
public sealed record ProvisionedDatasources(
    IReadOnlyDictionary<string, PluginDatasource> Datasources,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<AuditEvent> Audit,
    IReadOnlyList<string> Secrets,
    string? Unreachable);

/// <summary>
/// Makes plugins' datasources as production does: an exclusive-sqlite plugin's file under the data
/// root (or, in a run that needs only schemas, a database in memory), an exclusive-postgres plugin's
/// schema/role pair on the run's one server, all in one batch, and a bare project's database of its own.
/// </summary>
public static class PluginProvisioner
{
    public static async Task<ProvisionedDatasources> ProvisionAsync(
        IReadOnlyList<PluginManifest> manifests, ProvisionOptions options, PostgresRunServer? server, bool project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(options);
        var datasources = new Dictionary<string, PluginDatasource>(StringComparer.Ordinal);
        var findings = new List<Finding>();
        var audit = new List<AuditEvent>();
        var secrets = new List<string>();
        foreach (var manifest in manifests.Where(m => m.Database.Mode == DatabaseMode.ExclusiveSqlite))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (options.InMemory && manifest.EntryPointPath is null)
            {
                datasources[manifest.Id] = await SqliteMemoryDatasource.OpenAsync(manifest, cancellationToken).ConfigureAwait(false);
                audit.Add(Event(manifest.Id, AuditEvents.Provisioned, AuditEvents.Succeeded, "in-memory SQLite database (only its schema is read)"));
                continue;
            }
            try
            {
                var (datasource, reused) = await OpenSqliteAsync(options.DataRoot, manifest, options.DataRootIsTemporary && !options.Keep, cancellationToken).ConfigureAwait(false);
                datasources[manifest.Id] = datasource;
                audit.Add(Event(manifest.Id, reused ? AuditEvents.Reused : AuditEvents.Provisioned, AuditEvents.Succeeded, DisplayPath.Of(datasource.Path, options.DisplayBase)));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or SqliteException)
            {
                findings.Add(FindingCodes.DatasourceUnreachable.Create(
                    $"The SQLite datasource could not be created under {options.DataRoot}: {exception.Message}", manifest.Id,
                    DisplayPath.Of(manifest.ManifestPath, options.DisplayBase)));
                audit.Add(Event(manifest.Id, AuditEvents.Failed, AuditEvents.Refused, exception.Message));
                return new ProvisionedDatasources(datasources, findings, audit, secrets, $"{manifest.Id}: the SQLite datasource could not be created: {exception.Message}");
            }
        }

        var postgres = manifests.Where(m => m.Database.Mode == DatabaseMode.ExclusivePostgres).ToList();
        if (postgres.Count > 0)
        {
            var running = await (server ?? throw new ArgumentNullException(nameof(server))).GetAsync(cancellationToken).ConfigureAwait(false);
            if (project)
            {
                var (datasource, password) = await ProjectAsync(postgres[0], running, options.Keep, cancellationToken).ConfigureAwait(false);
                datasources[datasource.PluginId] = datasource;
                secrets.Add(password);
                audit.Add(Event(datasource.PluginId, AuditEvents.Provisioned, AuditEvents.Succeeded, datasource.DatabaseDescription));
            }
            else
            {
                // Roles are cluster-wide: on a server the run does not own, names carry the run's id so two
                // runs never collide; on its own server the run uses the production names.
                Func<string, string>? roleNames = running.Kind == PostgresSourceKind.Url ? id => PostgresIdentifiers.RoleNameFor($"{id}.{running.RunId}") : null;
                var admin = server.Admin();
                var provider = new PostgresRoleProvider(admin, PostgresEndpoint.FromConnectionString(running.AdminConnectionString), new InMemorySecretStore(), roleNames, options.AllowedExtensions);
                var provisioned = await provider.EnsureManyAsync(postgres, cancellationToken).ConfigureAwait(false);
                findings.AddRange(provisioned.Findings);
                foreach (var pair in provisioned.Datasources)
                {
                    running.TrackRole(pair.Role);
                    secrets.Add(pair.Password);
                    datasources[pair.PluginId] = new PostgresSchemaDatasource(pair, admin, throwaway: !options.Keep, running.Source);
                    audit.Add(pair.ToAuditEvent(DateTimeOffset.UtcNow));
                }
                foreach (var refused in postgres.Where(m => !datasources.ContainsKey(m.Id)))
                {
                    audit.Add(Event(refused.Id, AuditEvents.Failed, AuditEvents.Refused, "the schema/role pair could not be provisioned"));
                }
            }
        }
        return new ProvisionedDatasources(datasources, findings, audit, secrets, null);
    }

    /// <summary>A plugin's SQLite file under <paramref name="dataRoot"/>, made or reused (<c>plugins db ensure</c>).</summary>
    public static async Task<(SqliteFileDatasource Datasource, bool Reused)> OpenSqliteAsync(string dataRoot, PluginManifest manifest, bool throwaway, CancellationToken cancellationToken)
    {
        var (descriptor, reused) = await SqliteFileProvider.EnsureAsync(dataRoot, manifest, cancellationToken).ConfigureAwait(false);
        return (new SqliteFileDatasource(descriptor, SqliteFileProvider.DatabasePath(dataRoot, manifest.Id), throwaway), reused);
    }

    private static async Task<(PostgresProjectDatasource Datasource, string Password)> ProjectAsync(PluginManifest manifest, PostgresServer server, bool keep, CancellationToken cancellationToken)
    {
        // On a server the run does not own, the run already created a database of its own: the project takes it.
        var database = server.Kind == PostgresSourceKind.Url
            ? await PostgresProjectDatabase.AdoptAsync(server, cancellationToken).ConfigureAwait(false)
            : await PostgresProjectDatabase.CreateAsync(server, cancellationToken).ConfigureAwait(false);
        var owner = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var url = new PostgresDatasourceUrl(PostgresEndpoint.FromConnectionString(database.ConnectionString), database.OwnerRole, owner.Password ?? "", PostgresProjectDatabase.Schema);
        var descriptor = new PluginDatasourceDescriptor(manifest.Id, url.ToString(), DatabaseProvider.Postgresql, manifest, $"memory:{manifest.Id}");
        return (new PostgresProjectDatasource(descriptor, database, throwaway: !keep, server.Source), owner.Password ?? "");
    }

    private static AuditEvent Event(string plugin, string @event, string outcome, string? detail) => new(DateTimeOffset.UtcNow, plugin, @event, outcome, detail);
}
