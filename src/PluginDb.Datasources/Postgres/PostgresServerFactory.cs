namespace PluginDb.Datasources.Postgres;

/// <summary>Picks the source for <c>--postgres</c> and starts the run's one server.</summary>
public static class PostgresServerFactory
{
    /// <summary>Starts a server from the source <see cref="SelectAsync"/> picks; the server's <see cref="PostgresServer.Description"/> reports which.</summary>
    public static async Task<PostgresServer> StartAsync(PostgresSourceKind kind, PostgresServerOptions options, CancellationToken cancellationToken)
    {
        var source = await SelectAsync(kind, options, cancellationToken);
        return await source.StartAsync(cancellationToken);
    }

    /// <summary>
    /// The source for <paramref name="kind"/>. <see cref="PostgresSourceKind.Auto"/> takes the URL if
    /// one is given, else Testcontainers when an engine answers, else local binaries.
    /// </summary>
    /// <exception cref="PostgresSourceUnavailableException">No source can provide a server; the message says how to get one.</exception>
    public static async Task<IPostgresServerSource> SelectAsync(PostgresSourceKind kind, PostgresServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (kind)
        {
            case PostgresSourceKind.Url:
                return Url(options) ?? throw new PostgresSourceUnavailableException("--postgres url needs --postgres-url <url>.");
            case PostgresSourceKind.Testcontainers:
                return Testcontainers(options, options.DockerEndpoint);
            case PostgresSourceKind.Local:
                return Local(options);
        }

        if (PicksUrl(kind, options.Url))
        {
            return Url(options)!;
        }

        if (await ContainerEngineProbe.FindAsync(options.DockerEndpoint, options.EngineProbeTimeout, cancellationToken) is { } endpoint)
        {
            return Testcontainers(options, endpoint);
        }

        if (await PostgresBinaries.FindAsync(options.LocalBinDirectory, options.SearchPath, cancellationToken) is not null)
        {
            return Local(options);
        }

        throw new PostgresSourceUnavailableException(
            "No PostgreSQL server for this run: no --postgres-url was given, no Docker-API engine answered at " +
            string.Join(", ", ContainerEngineProbe.Candidates(options.DockerEndpoint)) +
            ", and no server binaries (initdb, pg_ctl) were found" +
            (options.LocalBinDirectory is null ? " via pg_config, PATH or /usr/lib/postgresql/*/bin. " : $" in {options.LocalBinDirectory}. ") +
            PostgresSources.HowToGetOne);
    }

    /// <summary>Whether <see cref="SelectAsync"/> takes the URL source for <paramref name="kind"/> and <paramref name="url"/>, told without probing anything.</summary>
    public static bool PicksUrl(PostgresSourceKind kind, string? url) =>
        kind == PostgresSourceKind.Url || (kind == PostgresSourceKind.Auto && !string.IsNullOrWhiteSpace(url));

    private static UrlPostgresSource? Url(PostgresServerOptions options) =>
        string.IsNullOrWhiteSpace(options.Url) ? null : new UrlPostgresSource(options.Url).WithStartupTimeout(options.UrlReachTimeout).WithDatabasePrefix(options.DatabasePrefix);

    private static TestcontainersPostgresSource Testcontainers(PostgresServerOptions options, Uri? endpoint) =>
        new TestcontainersPostgresSource()
            .WithImage(options.Image)
            .WithDockerEndpoint(endpoint)
            .WithEngineProbeTimeout(options.EngineProbeTimeout)
            .WithStartupTimeout(options.StartupTimeout);

    private static LocalPostgresSource Local(PostgresServerOptions options) =>
        new LocalPostgresSource()
            .WithBinDirectory(options.LocalBinDirectory)
            .WithSearchPath(options.SearchPath)
            .WithTempRoot(options.TempRoot)
            .WithStartupTimeout(options.StartupTimeout);
}
