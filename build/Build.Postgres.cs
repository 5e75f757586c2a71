using Npgsql;
using PluginDb.Build.Pipeline;
using PluginDb.Core;
using PluginDb.Core.Datasources;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Reports;
using PluginDb.Core.Runs;
using PluginDb.Datasources.Postgres;
using PluginDb.Reporting;

namespace PluginDb.Build;

/// <summary>
/// Exclusive-postgres plugins: one server for the run, a schema/role pair for each plugin in it, as
/// in production; a bare <c>--project</c> gets a database of its own. Persistent targets act on the
/// database of <c>--postgres-url</c>.
/// </summary>
internal sealed partial class Build
{
    private PostgresServer? _server;
    private NpgsqlDataSource? _serverAdminSource;

    /// <summary>Npgsql's pool on the run's admin account, made on first use: a <c>--project</c> check never needs it.</summary>
    /// <remarks>A method, not a property: the engine reads every property's type at start, which would load Npgsql into every call.</remarks>
    private NpgsqlDataSource? ServerAdmin() => _server is null ? null : _serverAdminSource ??= NpgsqlDataSource.Create(_server.AdminConnectionString);
    private readonly List<PostgresProjectDatabase> _projectDatabases = [];

    /// <summary>The run's server, started on first use from <c>--postgres</c> (or earlier, see <see cref="StartServerEarly"/>).</summary>
    /// <remarks>Only the pipeline's own flow calls this, so its log lines keep their order whenever the start began.</remarks>
    private async Task<PostgresServer> ServerAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            return _server;
        }
        if (!PostgresUrlGivenWhereNeeded)
        {
            throw new BuildStop(ExitCodes.UsageError, "--postgres url needs --postgres-url <url> naming the server.");
        }
        Log($"Starting PostgreSQL (--postgres {PostgresSources.NameOf(Postgres)})…");
        _server = await StartServer(cancellationToken).WaitAsync(cancellationToken);
        MaskSecret(new NpgsqlConnectionStringBuilder(_server.AdminConnectionString).Password);
        _freeServerConnections = _server.FreeConnections;
        Log($"PostgreSQL {_server.Version} ready ({_server.Description}).");
        return _server;
    }

    private Task<PostgresServer>? _serverStart;

    /// <summary>Starts the run's server once, whoever asks first; it logs nothing, so it may run beside other work.</summary>
    private Task<PostgresServer> StartServer(CancellationToken cancellationToken) => _serverStart ??= StartServerAsync(cancellationToken);

    private bool PostgresUrlGivenWhereNeeded => Postgres != PostgresSourceKind.Url || !string.IsNullOrWhiteSpace(PostgresUrl);

    private async Task<PostgresServer> StartServerAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await (await ServerSourceAsync(cancellationToken)).StartAsync(cancellationToken);
        }
        catch (PostgresServerException exception)
        {
            throw new BuildStop(ExitCodes.InfrastructureError, exception.Message, exception);
        }
    }

    private Task<IPostgresServerSource>? _serverSource;

    /// <summary>Where the run's server comes from, chosen once (for <c>auto</c>: the URL, an engine that answers, local binaries).</summary>
    /// <remarks>
    /// Chosen on the thread pool, so that what choosing costs a cold process (loading the sources'
    /// code, reading the URL, for <c>auto</c> probing an engine) runs beside the pipeline's own thread,
    /// which reads manifests and migrations meanwhile. Only the pipeline's own thread calls this.
    /// </remarks>
    private Task<IPostgresServerSource> ServerSourceAsync(CancellationToken cancellationToken) =>
        _serverSource ??= Task.Run(() => PostgresServerFactory.SelectAsync(Postgres, ServerOptions(), cancellationToken), cancellationToken);

    /// <summary>Connections the run's server has free for plugins: unbounded until a server is started.</summary>
    private int _freeServerConnections = int.MaxValue;

    private PostgresServerOptions ServerOptions() => new()
    {
        Url = PostgresUrl,
        Image = PostgresImage,
        DockerEndpoint = Env("DOCKER_HOST") is { Length: > 0 } host ? new Uri(host) : null,
        SearchPath = Env("PATH"),
        DatabasePrefix = Project is null ? UrlPostgresSource.RunDatabasePrefix : PostgresProjectDatabase.DatabasePrefix,
    };

    /// <summary>The extensions <c>--allow-extensions</c> names.</summary>
    private HashSet<string> AllowedExtensions =>
        (AllowExtensions ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>Provisions every exclusive-postgres plugin of the run in one batch on the run's server.</summary>
    private async Task ProvisionPostgres(IReadOnlyList<PluginRun> plugins, RunState run, CancellationToken cancellationToken)
    {
        if (plugins.Count == 0)
        {
            return;
        }
        var server = await ServerAsync(cancellationToken);
        foreach (var plugin in plugins)
        {
            plugin.ServerSource = server.Source;
        }
        if (Project is not null)
        {
            await ProvisionProjectDatabase(plugins[0], plugins[0].Manifest!, server, run, cancellationToken);
            return;
        }

        // Roles are cluster-wide: on a server the run does not own, names carry the run's id so two
        // runs never collide; on its own server the run uses the production names.
        Func<string, string>? roleNames = server.Kind == PostgresSourceKind.Url
            ? id => PostgresIdentifiers.RoleNameFor($"{id}.{server.RunId}")
            : null;
        var provider = new PostgresRoleProvider(ServerAdmin()!, PostgresEndpoint.FromConnectionString(server.AdminConnectionString), new InMemorySecretStore(), roleNames, AllowedExtensions);
        var provisioned = await provider.EnsureManyAsync([.. plugins.Select(p => p.Manifest!)], cancellationToken);
        run.Add(provisioned.Findings);
        foreach (var datasource in provisioned.Datasources)
        {
            server.TrackRole(datasource.Role);
            MaskSecret(datasource.Password);
            var plugin = plugins.First(p => p.Id == datasource.PluginId);
            plugin.PostgresDatasource = datasource;
            plugin.Descriptor = datasource.Descriptor;
            plugin.PostgresConnectionString = PostgresDatasourceUrl.Parse(datasource.Descriptor.Url).ConnectionString;
            var audit = datasource.ToAuditEvent(DateTimeOffset.UtcNow);
            run.Audit(audit);
        }
        foreach (var plugin in plugins.Where(p => p.Descriptor is null))
        {
            plugin.Blocked = true;
            run.Audit(plugin.Id, AuditEvents.Failed, AuditEvents.Refused, "the schema/role pair could not be provisioned");
        }
    }

    private async Task ProvisionProjectDatabase(PluginRun plugin, PluginManifest manifest, PostgresServer server, RunState run, CancellationToken cancellationToken)
    {
        // On a server the run does not own, the run already created a database of its own: the project takes it.
        var database = server.Kind == PostgresSourceKind.Url
            ? await PostgresProjectDatabase.AdoptAsync(server, cancellationToken)
            : await PostgresProjectDatabase.CreateAsync(server, cancellationToken);
        _projectDatabases.Add(database);
        var owner = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        MaskSecret(owner.Password);
        var url = new PostgresDatasourceUrl(PostgresEndpoint.FromConnectionString(database.ConnectionString), database.OwnerRole, owner.Password ?? "", PostgresProjectDatabase.Schema);
        plugin.Descriptor = new PluginDatasourceDescriptor(manifest.Id, url.ToString(), DatabaseProvider.Postgresql, manifest, $"memory:{manifest.Id}");
        plugin.PostgresConnectionString = database.ConnectionString;
        run.Audit(manifest.Id, AuditEvents.Provisioned, AuditEvents.Succeeded, $"database {database.DatabaseName} owned by {database.OwnerRole}");
    }

    /// <summary>Replays a plugin's history into its schema; where the run keeps the schema it produced (<see cref="RememberShadow"/>), reads it back in the same session.</summary>
    private async Task<MigrationRunResult> MigratePostgres(PluginRun plugin, MigrationFolderResult folder, string displayBase, CancellationToken cancellationToken)
    {
        // The run's databases are dropped with it (unless --keep keeps them for a look): their commits need not wait for the disk.
        var (result, replayed) = await new PostgresMigrationRunner { Throwaway = !Keep, ExtensionSchemas = plugin.PostgresDatasource?.ExtensionSchemas ?? [] }.RunAsync(
            plugin.PostgresConnectionString!,
            plugin.Manifest!.Database.Schema ?? PostgresProjectDatabase.Schema,
            folder.Migrations,
            plugin.Id,
            displayBase,
            readBack: plugin.HistoryKey is not null && (ShadowsOnly || HistoryCache is not null || Run.Plugins.Any(p => p.SameHistoryAs == plugin)),
            cancellationToken);
        plugin.Shadow = replayed;
        return result;
    }

    /// <summary>Doctor on PostgreSQL: the isolation probe over every plugin role, and each schema's size (a schema left empty for a shared replay takes that replay's).</summary>
    private async Task DoctorPostgres(RunState run, CancellationToken cancellationToken)
    {
        var datasources = run.Plugins.Where(p => p.PostgresDatasource is not null).Select(p => p.PostgresDatasource!).ToList();
        if (datasources.Count > 0)
        {
            run.Add(await IsolationProbe.RunAsync(datasources, cancellationToken));
        }
        if (ServerAdmin() is not { } admin)
        {
            return;
        }
        foreach (var plugin in run.Plugins.Where(p => p.PostgresDatasource is not null && p.ReplayedAs is null))
        {
            plugin.SizeBytes = await PostgresSize.SchemaBytesAsync(admin, plugin.PostgresDatasource!.Schema, cancellationToken);
        }
        foreach (var plugin in run.Plugins.Where(p => p.ReplayedAs is not null))
        {
            plugin.SizeBytes = plugin.ReplayedAs!.SizeBytes;
        }
    }

    private Task? _postgresRelease;

    /// <summary>Removes what the run started, once, whether the drift checks began it early or the run's end does.</summary>
    private Task ReleasePostgresOnce(RunState run) => _postgresRelease ??= ReleasePostgres(run);

    /// <summary>
    /// A drift check that kept every PostgreSQL schema it compares no longer needs the server: it is
    /// removed while the comparisons and reports run instead of after them.
    /// </summary>
    private void ReleasePostgresEarly(RunState run)
    {
        if (ShadowsOnly && _server is not null && !run.Plugins.Any(p => p.PostgresConnectionString is not null && p.Shadow is null && p.MigrationResult is not { Successful: false }))
        {
            _ = ReleasePostgresOnce(run);
        }
    }

    /// <summary>A start begun early that the pipeline never waited for (validation blocked every plugin needing it, or the run stopped first): its server is removed too.</summary>
    private async Task SettleServerStart()
    {
        if (_server is not null || _serverStart is not { } start)
        {
            return;
        }
        try
        {
            _server = await start;
            Log($"PostgreSQL was started ({_server.Description}), but no plugin got to use it; it is removed.");
        }
        catch (Exception) when (start.IsFaulted || start.IsCanceled)
        {
            // A failed start removed what it had made; nothing waited for it, so nothing is told.
        }
    }

    /// <summary>Removes what the run started, unless <c>--keep</c> asks to leave it and say how to reach it.</summary>
    private async Task ReleasePostgres(RunState run)
    {
        if (_server is null)
        {
            return;
        }
        if (Keep)
        {
            Log($"Kept PostgreSQL (--keep): {_server.Description}.");
            var admin = new NpgsqlConnectionStringBuilder(_server.AdminConnectionString);
            Log($"  connect: PGPASSWORD='{admin.Password}' psql 'host={admin.Host} port={admin.Port} dbname={admin.Database} user={admin.Username}'");
            Log($"  remove:  {RemovalHint(_server)}");
            return;
        }
        foreach (var database in _projectDatabases)
        {
            await database.DisposeAsync();
        }
        if (_serverAdminSource is not null)
        {
            await _serverAdminSource.DisposeAsync();
            _serverAdminSource = null;
        }
        await _server.DisposeAsync();
        _server = null;
    }

    private static string RemovalHint(PostgresServer server) => server.Kind switch
    {
        PostgresSourceKind.Testcontainers => "remove the container named above (docker rm -f / podman rm -f).",
        PostgresSourceKind.Local => "pg_ctl -D <data folder named above> stop -m immediate, then delete the folder.",
        _ => $"DROP DATABASE \"{server.Database}\" WITH (FORCE); then DROP ROLE each of: {string.Join(", ", server.TrackedRoles)}.",
    };

    // ---- The persistent path: --postgres-url names the platform's database.

    private (NpgsqlDataSource Admin, PostgresRoleProvider Provider, FileSecretStore Secrets) PersistentPostgres()
    {
        if (string.IsNullOrWhiteSpace(PostgresUrl))
        {
            throw new BuildStop(ExitCodes.UsageError, "An exclusive-postgres plugin's persistent datasource lives in the database of --postgres-url <url>; name it.");
        }
        var admin = ConnectionSettings("--postgres-url", PostgresUrl);
        var source = NpgsqlDataSource.Create(admin.ConnectionString);
        var secrets = new FileSecretStore(PersistentDataRoot);
        return (source, new PostgresRoleProvider(source, PostgresEndpoint.FromConnectionString(admin.ConnectionString), secrets, allowedExtensions: AllowedExtensions), secrets);
    }

    private async Task<T> WithPersistentPostgres<T>(Func<PostgresRoleProvider, FileSecretStore, Task<T>> work)
    {
        var (admin, provider, secrets) = PersistentPostgres();
        await using (admin)
        {
            try
            {
                return await work(provider, secrets);
            }
            catch (NpgsqlException exception)
            {
                throw new BuildStop(ExitCodes.InfrastructureError, $"The database of --postgres-url could not be used: {exception.Message}", exception);
            }
            catch (InvalidOperationException exception)
            {
                throw new BuildStop(ExitCodes.UsageError, exception.Message, exception);
            }
        }
    }

    private async Task EnsurePostgres(PluginManifest manifest, CancellationToken cancellationToken)
    {
        var datasource = await WithPersistentPostgres((provider, _) => provider.EnsureAsync(manifest, cancellationToken));
        MaskSecret(datasource.Password);
        var audit = datasource.ToAuditEvent(DateTimeOffset.UtcNow);
        Run.Audit(audit);
        Log(datasource.Reused ? $"Reused the datasource of {manifest.Id} (grants and limits re-asserted)." : $"Provisioned the datasource of {manifest.Id}.");
        await Stdout.WriteLineAsync(datasource.Descriptor.MaskedUrl);
    }

    private async Task<PluginDatasourceDescriptor?> DescribePostgres(PluginManifest manifest, CancellationToken cancellationToken)
    {
        var secrets = new FileSecretStore(PersistentDataRoot);
        var secret = await secrets.ReadAsync(manifest.Id, cancellationToken);
        if (secret is null)
        {
            return null;
        }
        var url = new PostgresDatasourceUrl(new PostgresEndpoint(secret.Host, secret.Port, secret.Database), secret.Role, secret.Password, manifest.Database.Schema!);
        return new PluginDatasourceDescriptor(manifest.Id, url.ToString(), DatabaseProvider.Postgresql, manifest, secrets.RefFor(manifest.Id));
    }

    private async Task ProvisionPersistentPostgres(PluginRun plugin, CancellationToken cancellationToken)
    {
        var datasource = await WithPersistentPostgres((provider, _) => provider.EnsureAsync(plugin.Manifest!, cancellationToken));
        MaskSecret(datasource.Password);
        plugin.PostgresDatasource = datasource;
        plugin.Descriptor = datasource.Descriptor;
        plugin.ServerSource = "url";
        plugin.PostgresConnectionString = PostgresDatasourceUrl.Parse(datasource.Descriptor.Url).ConnectionString;
        var audit = datasource.ToAuditEvent(DateTimeOffset.UtcNow);
        Run.Audit(audit);
    }

    private async Task RotateTarget(CancellationToken cancellationToken)
    {
        var manifest = PostgresPlugin("Rotate");
        var rotation = await WithPersistentPostgres((provider, _) => provider.RotateAsync(manifest, cancellationToken));
        MaskSecret(rotation.Password);
        var audit = rotation.ToAuditEvent(DateTimeOffset.UtcNow);
        Run.Audit(audit);
        Log(audit.Detail!);
        await Stdout.WriteLineAsync(rotation.Descriptor.MaskedUrl);
        if (rotation.OldPasswordRefused == false)
        {
            throw new BuildStop(ExitCodes.FindingsAtThreshold, $"The old password of {rotation.Role} still logs in after the rotation.");
        }
    }

    private async Task TeardownTarget(CancellationToken cancellationToken)
    {
        var manifest = PostgresPlugin("Teardown");
        var teardown = await WithPersistentPostgres((provider, _) => provider.TeardownAsync(manifest, cancellationToken));
        var audit = teardown.ToAuditEvent(DateTimeOffset.UtcNow);
        Run.Audit(audit);
        Log(audit.Detail!);
    }

    private PluginManifest PostgresPlugin(string target)
    {
        var manifest = PersistentPlugin(target).Manifest!;
        return manifest.Database.Mode == DatabaseMode.ExclusivePostgres
            ? manifest
            : throw new BuildStop(ExitCodes.UsageError, $"{target} acts on an exclusive-postgres plugin's role; {manifest.Id} is {manifest.Database.Mode.ToManifestName()}.");
    }

    /// <summary>A URL parameter's connection settings, its password masked; one that does not parse is a usage error.</summary>
    private NpgsqlConnectionStringBuilder ConnectionSettings(string parameter, string url)
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = PostgresConnectionStrings.Parse(url);
        }
        catch (ArgumentException exception)
        {
            throw new BuildStop(ExitCodes.UsageError, $"{parameter}: {exception.Message}", exception);
        }
        MaskSecret(settings.Password);
        return settings;
    }

    /// <summary>In GitHub Actions, registers a secret with the runner before anything could print it.</summary>
    private void MaskSecret(string? secret)
    {
        if (InGitHubActions && !string.IsNullOrEmpty(secret))
        {
            Stdout.WriteLine(WorkflowCommandWriter.AddMask(secret));
        }
    }
}
