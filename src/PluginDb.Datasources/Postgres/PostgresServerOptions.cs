namespace PluginDb.Datasources.Postgres;

/// <summary>What <see cref="PostgresServerFactory"/> needs to pick and start a source. Defaults suit a throwaway run.</summary>
public sealed record PostgresServerOptions
{
    /// <summary><c>--postgres-url</c>: an existing server (URL or connection string).</summary>
    public string? Url { get; init; }

    /// <summary>The container image; pinned by default.</summary>
    public string Image { get; init; } = TestcontainersPostgresSource.DefaultImage;

    /// <summary>The Docker-API endpoint; null tries <c>DOCKER_HOST</c>, then Docker's and Podman's sockets.</summary>
    public Uri? DockerEndpoint { get; init; }

    /// <summary>How long an engine may take to answer <c>/_ping</c> before it counts as absent.</summary>
    public TimeSpan EngineProbeTimeout { get; init; } = ContainerEngineProbe.DefaultTimeout;

    /// <summary>The folder of the server binaries; null searches (see <see cref="PostgresBinaries.FindAsync"/>).</summary>
    public string? LocalBinDirectory { get; init; }

    /// <summary>The PATH value searched for <c>pg_config</c> and <c>initdb</c>; the library reads no environment itself.</summary>
    public string? SearchPath { get; init; }

    /// <summary>Where a local server's temporary folder is made; null is <see cref="ThrowawayFolders.Root"/> (in memory where there is room).</summary>
    public string? TempRoot { get; init; }

    /// <summary>
    /// The start of the name of the database a run makes on an existing server (<see cref="Url"/>):
    /// <c>plugindb_run_</c>, or <see cref="PostgresProjectDatabase.DatabasePrefix"/> where the run checks a
    /// bare project the way Prisma's shadow database does.
    /// </summary>
    public string DatabasePrefix { get; init; } = UrlPostgresSource.RunDatabasePrefix;

    /// <summary>How long a server may take from start to answering SQL.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// How long an existing server (<see cref="Url"/>) may take to answer. It is already running, so
    /// a refused connection is worth a few retries (a service restarting), not a container's start-up time.
    /// </summary>
    public TimeSpan UrlReachTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
