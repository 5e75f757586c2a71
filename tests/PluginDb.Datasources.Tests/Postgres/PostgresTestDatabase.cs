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
    private PostgresTestDatabase(LocalTestServer server, string database)
    {
        Server = server;
        Database = database;
        Admin = NpgsqlDataSource.Create(server.AdminConnectionString(database));
        Endpoint = new PostgresEndpoint("127.0.0.1", server.Port, database);
        Provider = new PostgresRoleProvider(Admin, Endpoint, Secrets);
        Tag = database[2..8];
    }

    public LocalTestServer Server { get; }
    public string Database { get; }
    public string Tag { get; }
    public NpgsqlDataSource Admin { get; }
    public PostgresEndpoint Endpoint { get; }
    public InMemorySecretStore Secrets { get; } = new();
    public PostgresRoleProvider Provider { get; }

    public static async Task<PostgresTestDatabase> CreateAsync(LocalTestServer server) => new(server, await server.CreateDatabaseAsync());

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

    public ValueTask DisposeAsync() => Admin.DisposeAsync();
}
