using Npgsql;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Build.Tests.Pipeline;

/// <summary>
/// One PostgreSQL server for the build's end-to-end tests, started through the product's own
/// sources (<c>PLUGINDB_TEST_POSTGRES</c>: local by default, or testcontainers). Runs reach it as
/// an existing server (<c>--postgres url</c>), so each run creates and drops a database of its own
/// there, and the tests can look for what a run left behind.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public string AdminConnectionString => _server?.AdminConnectionString ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var kind = Environment.GetEnvironmentVariable("PLUGINDB_TEST_POSTGRES") is { Length: > 0 } name
            ? PostgresSources.ParseKind(name) ?? PostgresSourceKind.Local
            : PostgresSourceKind.Local;
        var options = new PostgresServerOptions
        {
            DockerEndpoint = Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? new Uri(host) : null,
            SearchPath = Environment.GetEnvironmentVariable("PATH"),
        };
        _server = await PostgresServerFactory.StartAsync(kind, options, CancellationToken.None);
    }

    /// <summary>Names of databases and roles the runs may have created and should have removed.</summary>
    public async Task<IReadOnlyList<string>> RunObjectsAsync()
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT 'database ' || datname FROM pg_database WHERE datname LIKE 'plugindb\_run\_%' OR datname LIKE 'prisma\_migrate\_shadow\_db\_%'
            UNION ALL
            SELECT 'role ' || rolname FROM pg_roles WHERE rolname LIKE 'plugin\_%' OR rolname LIKE 'plugindb\_project\_%'
            ORDER BY 1
            """, connection);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    /// <summary>Drops what <see cref="RunObjectsAsync"/> named, after a run that kept them (<c>--keep</c>).</summary>
    public async Task DropAsync(IReadOnlyList<string> objects)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        foreach (var name in objects.Where(o => o.StartsWith("database ", StringComparison.Ordinal)))
        {
            await new NpgsqlCommand($"DROP DATABASE \"{name[9..]}\" WITH (FORCE)", connection).ExecuteNonQueryAsync();
        }
        foreach (var name in objects.Where(o => o.StartsWith("role ", StringComparison.Ordinal)))
        {
            await new NpgsqlCommand($"DROP ROLE \"{name[5..]}\"", connection).ExecuteNonQueryAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresServerCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "build postgres server";
}
