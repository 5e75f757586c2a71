using System.Security.Cryptography;
using Npgsql;
using PluginDb.Core.Datasources;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// A throwaway database for a bare Prisma project (<c>--project</c>): its own database, owned by a login
/// role of its own that also owns schema <c>public</c>. It is named as Prisma names the shadow database it
/// replays a history into (<see cref="DatabasePrefix"/>), since real histories test
/// <c>current_database()</c> for that name to skip what only production has (pg_cron, say). As the database owner that role may create
/// trusted extensions (on PostgreSQL 13+, e.g. pgcrypto, citext, pg_trgm, uuid-ossp — the ones the
/// corpus histories create), which is what a project's migrations normally need; an untrusted extension
/// fails as it would for a non-superuser deploy. Disposing drops the database and the role.
/// </summary>
public sealed class PostgresProjectDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;
    private bool _dropped;

    /// <summary>False for an adopted database: the server's teardown drops it and its owner, not this object.</summary>
    private bool _owned = true;

    private PostgresProjectDatabase(string adminConnectionString, string name, string owner, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        DatabaseName = name;
        OwnerRole = owner;
        ConnectionString = connectionString;
    }

    /// <summary>How Prisma names its shadow databases (<c>prisma_migrate_shadow_db_&lt;uuid&gt;</c>), and so the project's.</summary>
    public const string DatabasePrefix = "prisma_migrate_shadow_db_";

    public string DatabaseName { get; }

    public string OwnerRole { get; }

    /// <summary>How the owner connects: the admin connection's host and port, the owner's user, password and database.</summary>
    public string ConnectionString { get; }

    /// <summary>The schema a project's migrations go to, as Prisma's default.</summary>
    public static string Schema => "public";

    /// <summary>Creates the role and database through <paramref name="adminConnectionString"/> (a role that may create both).</summary>
    public static Task<PostgresProjectDatabase> CreateAsync(string adminConnectionString, CancellationToken cancellationToken) =>
        CreateAsync(adminConnectionString, publicFollowsOwner: false, cancellationToken);

    /// <summary>As above, on the run's server; where its new databases give <c>public</c> to their owner, without a session in the new database.</summary>
    public static Task<PostgresProjectDatabase> CreateAsync(PostgresServer server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        return CreateAsync(server.AdminConnectionString, server.PublicSchemaFollowsDatabaseOwner, cancellationToken);
    }

    private static async Task<PostgresProjectDatabase> CreateAsync(string adminConnectionString, bool publicFollowsOwner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adminConnectionString);
        var (name, password) = NewOwner();
        var databaseName = DatabasePrefix + name[OwnerPrefix.Length..];
        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false };
        var owner = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Username = name, Password = password, Database = databaseName };
        var database = new PostgresProjectDatabase(admin.ConnectionString, databaseName, name, owner.ConnectionString);
        try
        {
            // Names are generated hex and the password goes as its SCRAM verifier (PostgresPasswords), so neither needs quoting beyond the identifiers'.
            await SimpleQueryConnection.ExecuteEachAsync(admin.ConnectionString, cancellationToken,
                $"CREATE ROLE {name} LOGIN PASSWORD '{PostgresPasswords.ScramVerifier(password)}'",
                $"CREATE DATABASE {databaseName} OWNER {name}").ConfigureAwait(false);
            if (!publicFollowsOwner)
            {
                var inDatabase = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = databaseName };
                await SimpleQueryConnection.ExecuteEachAsync(inDatabase.ConnectionString, cancellationToken, $"ALTER SCHEMA public OWNER TO {name}").ConfigureAwait(false);
            }
            return database;
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Makes the database of the server's admin connection, which the run created and will drop, the
    /// project's: a new owner role gets it and its <c>public</c> schema. Saves creating a second database;
    /// the server's teardown drops the database and then the role, which it is told to track. Where the
    /// server kept its start's session and new databases give <c>public</c> to their owner, that session
    /// does it all, and no session in the database is needed.
    /// </summary>
    public static async Task<PostgresProjectDatabase> AdoptAsync(PostgresServer server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var admin = new NpgsqlConnectionStringBuilder(server.AdminConnectionString);
        var databaseName = admin.Database ?? throw new ArgumentException("The server's admin connection names no database.", nameof(server));
        var (name, password) = NewOwner();
        var owner = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Username = name, Password = password };
        server.TrackRole(name);
        var statements = $"CREATE ROLE {name} LOGIN PASSWORD '{PostgresPasswords.ScramVerifier(password)}'; ALTER DATABASE {PostgresIdentifiers.Quote(databaseName)} OWNER TO {name}";
        if (server.Maintenance is { } maintenance && server.PublicSchemaFollowsDatabaseOwner)
        {
            await maintenance.ExecuteEachAsync([statements], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await SimpleQueryConnection.ExecuteEachAsync(admin.ConnectionString, cancellationToken, $"{statements}; ALTER SCHEMA public OWNER TO {name}").ConfigureAwait(false);
        }
        return new PostgresProjectDatabase(admin.ConnectionString, databaseName, name, owner.ConnectionString) { _owned = false };
    }

    private const string OwnerPrefix = "plugindb_project_";

    private static (string Name, string Password) NewOwner() =>
        (OwnerPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), PostgresPasswords.Generate());

    public async ValueTask DisposeAsync()
    {
        if (_dropped || !_owned)
        {
            return;
        }
        _dropped = true;
        await SimpleQueryConnection.ExecuteEachAsync(_adminConnectionString, CancellationToken.None,
            [.. DatabaseDrop.Statements(DatabaseName), $"DROP ROLE IF EXISTS {OwnerRole}"]).ConfigureAwait(false);
    }
}
