using Npgsql;
using PluginDb.Core.Manifests;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>
/// A fresh database on the shared test server with a role provider for it. Roles are
/// cluster-wide, so plugin ids carry a tag unique to the database.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private PostgresTestDatabase(PostgresServerFixture server, string database)
    {
        Server = server;
        Database = database;
        Admin = NpgsqlDataSource.Create(server.AdminConnectionStringFor(database));
        Endpoint = server.Endpoint with { Database = database };
        Provider = new PostgresRoleProvider(Admin, Endpoint, Secrets);
        Tag = database[2..8];
    }

    public PostgresServerFixture Server { get; }
    public string Database { get; }
    public string Tag { get; }
    public NpgsqlDataSource Admin { get; }
    public PostgresEndpoint Endpoint { get; }
    public InMemorySecretStore Secrets { get; } = new();
    public PostgresRoleProvider Provider { get; }

    public static async Task<PostgresTestDatabase> CreateAsync(PostgresServerFixture server) => new(server, await server.CreateDatabaseAsync());

    /// <summary>An exclusive-postgres manifest whose id and schema are <paramref name="name"/> plus this database's tag.</summary>
    public PluginManifest Manifest(string name, int? connections = 5, string? schema = null) => new(
        $"{name}_{Tag}",
        "1.0.0",
        2,
        new DatabaseSection(DatabaseMode.ExclusivePostgres, DatabaseProvider.Postgresql, schema ?? $"{name}_{Tag}", null, new DatabaseLimits(null, connections)),
        Path.GetTempPath(),
        Path.Combine(Path.GetTempPath(), "plugin.json"));

    public async Task ExecuteAsync(string sql)
    {
        await using var command = Admin.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = Admin.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Opens a session as a plugin role with a password: what the plugin itself would do.</summary>
    public async Task<NpgsqlConnection> LogInAsync(string role, string password)
    {
        var connection = new NpgsqlConnection(Endpoint.ConnectionStringFor(role, password));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Hands the plugin roles of this database to the server, which drops them where it outlives the run (<c>url</c>).</summary>
    public async ValueTask DisposeAsync()
    {
        await using (var command = Admin.CreateCommand($"SELECT rolname FROM pg_roles WHERE rolname LIKE 'plugin\\_%\\_{Tag}'"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                Server.Server.TrackRole(reader.GetString(0));
            }
        }

        await Admin.DisposeAsync();
    }
}
