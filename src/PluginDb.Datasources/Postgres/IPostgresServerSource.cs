namespace PluginDb.Datasources.Postgres;

/// <summary>Something that can start a PostgreSQL server for one run.</summary>
public interface IPostgresServerSource
{
    /// <summary>The source's name as reported: <c>testcontainers</c>, <c>local</c> or <c>url</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Starts a server and returns it once it answers SQL. If the start fails or is cancelled,
    /// whatever was started is removed before the exception leaves.
    /// </summary>
    Task<PostgresServer> StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The PostgreSQL major version <see cref="StartAsync"/> would give, told without starting a
    /// server; null when it cannot be told that way (the run then starts the server and reads it there).
    /// </summary>
    Task<int?> PeekMajorVersionAsync(CancellationToken cancellationToken);
}
