using System.Collections.Concurrent;
using Npgsql;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// A started PostgreSQL server for one run. Disposing it removes everything its source started
/// (container, process and data folder, or the run's database and roles); disposing twice is harmless.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, bool> _roles;
    private readonly Lazy<Task> _disposal;

    internal PostgresServer(
        PostgresSourceKind kind,
        string runId,
        string adminConnectionString,
        ServerVersion version,
        string description,
        ConcurrentDictionary<string, bool> roles,
        Teardown teardown)
    {
        Kind = kind;
        RunId = runId;
        AdminConnectionString = adminConnectionString;
        MajorVersion = version.Major;
        Version = version.Text;
        Description = description;
        FreeConnections = version.FreeConnections;
        PublicSchemaFollowsDatabaseOwner = version.PublicSchemaFollowsDatabaseOwner;
        _roles = roles;
        _disposal = new Lazy<Task>(teardown.RunAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public PostgresSourceKind Kind { get; }

    /// <summary>The source as reported: <c>testcontainers</c>, <c>local</c> or <c>url</c>.</summary>
    public string Source => PostgresSources.NameOf(Kind);

    /// <summary>
    /// A short random identifier of this run. Names the run must create in a shared cluster (roles)
    /// carry it, so that two runs against one server never collide.
    /// </summary>
    public string RunId { get; }

    /// <summary>A connection string of an account that may create databases and roles; it contains the password.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The admin account's password, for the caller to keep out of logs.</summary>
    public string? AdminPassword => new NpgsqlConnectionStringBuilder(AdminConnectionString).Password;

    /// <summary>The database the run owns in the server.</summary>
    public string Database => new NpgsqlConnectionStringBuilder(AdminConnectionString).Database ?? "postgres";

    /// <summary>The server's major version, e.g. 15.</summary>
    public int MajorVersion { get; }

    /// <summary>The server's version as it reports it (<c>server_version</c>).</summary>
    public string Version { get; }

    /// <summary>Connections a run could still open when the server answered: <c>max_connections</c> less the superuser reserve and the client sessions then open.</summary>
    public int FreeConnections { get; }

    /// <summary>
    /// Whether a new database's <c>public</c> schema belongs to whoever owns the database (the role
    /// <c>pg_database_owner</c>, PostgreSQL 15's default): then making a role the database's owner makes
    /// it the schema's too, without a session in the new database.
    /// </summary>
    public bool PublicSchemaFollowsDatabaseOwner { get; }

    /// <summary>The session the start logged in with, kept for the run's administration and teardown (URL sources).</summary>
    internal MaintenanceSession? Maintenance { get; init; }

    /// <summary>Which source started the server and where it is, without secrets; for logs and reports.</summary>
    public string Description { get; }

    /// <summary>The roles the run created, which disposal drops where the server outlives the run.</summary>
    public IReadOnlyCollection<string> TrackedRoles => _roles.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Records a role the run created (the role provider calls this), so that disposal drops it.</summary>
    public void TrackRole(string role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        _roles.TryAdd(role, true);
    }

    public ValueTask DisposeAsync() => new(_disposal.Value);
}
