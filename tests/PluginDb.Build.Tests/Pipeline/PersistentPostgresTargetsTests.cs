using System.Text.Json;
using Npgsql;

namespace PluginDb.Build.Tests.Pipeline;

/// <summary>
/// Ensure, Info, Apply, Rotate and Teardown on a plugin's persistent schema/role pair in the
/// database of <c>--postgres-url</c>, the platform's own path.
/// </summary>
[Collection(PostgresServerCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PersistentPostgresTargetsTests(PostgresServerFixture server) : IAsyncLifetime
{
    private readonly Workspace _workspace = new();
    private readonly string _id = "p" + Guid.NewGuid().ToString("N")[..8];
    private string _database = "";

    private string DatabaseUrl => new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = _database }.ConnectionString;

    public async Task InitializeAsync()
    {
        _database = "persistent_" + _id;
        await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE \"{_database}\"");
        _workspace.PostgresPlugin(_id, _id, ("20240101000000_init", "CREATE TABLE \"Account\" (\"id\" SERIAL PRIMARY KEY);\n"));
    }

    public async Task DisposeAsync()
    {
        await ExecuteAsync(server.AdminConnectionString, $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
        await ExecuteAsync(server.AdminConnectionString, $"DROP ROLE IF EXISTS \"plugin_{_id}\"");
        _workspace.Dispose();
    }

    private Task<Engine.BuildRun> RunAsync(string target) =>
        _workspace.RunAsync(target, "--plugins", "plugins/*", "--plugin", _id, "--postgres-url", DatabaseUrl);

    [Fact]
    public async Task The_lifecycle_ensure_reuse_info_apply_rotate_teardown_works_against_the_real_database()
    {
        var ensured = await RunAsync("Ensure");
        var reused = await RunAsync("Ensure");
        var info = await RunAsync("Info");
        var applied = await RunAsync("Apply");
        var secretFile = _workspace.PathOf($"data/secrets/{_id}.pgpass");
        var oldPassword = File.ReadAllText(secretFile).Trim().Split(':')[^1];
        var rotated = await RunAsync("Rotate");
        var newPassword = File.ReadAllText(secretFile).Trim().Split(':')[^1];

        Assert.Equal(0, ensured.ExitCode);
        Assert.Matches($@"^postgresql://plugin_{_id}:\*\*\*\*@[^/]+/{_database}\?schema={_id}\n$", ensured.Stdout);
        Assert.Contains($"Provisioned the datasource of {_id}", ensured.Stderr, StringComparison.Ordinal);
        Assert.Contains("Reused", reused.Stderr, StringComparison.Ordinal);
        var descriptor = JsonDocument.Parse(info.Stdout).RootElement;
        Assert.Equal($"file:secrets/{_id}.pgpass", descriptor.GetProperty("secretsRef").GetString());
        Assert.DoesNotContain(oldPassword, info.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, applied.ExitCode);
        Assert.Equal(1L, await ScalarAsync(DatabaseUrl, $"SELECT count(*) FROM \"{_id}\"._prisma_migrations WHERE finished_at IS NOT NULL"));
        Assert.Equal(0, rotated.ExitCode);
        Assert.NotEqual(oldPassword, newPassword);
        Assert.Contains("old password refused", rotated.Stderr, StringComparison.Ordinal);
        await Assert.ThrowsAsync<PostgresException>(() => LoginAsync(oldPassword));
        await LoginAsync(newPassword);

        var torn = await RunAsync("Teardown");

        Assert.Equal(0, torn.ExitCode);
        Assert.Equal(0L, await ScalarAsync(DatabaseUrl, $"SELECT count(*) FROM pg_roles WHERE rolname = 'plugin_{_id}'"));
        Assert.Equal(0L, await ScalarAsync(DatabaseUrl, $"SELECT count(*) FROM pg_namespace WHERE nspname = '{_id}'"));
        Assert.Equal(
            ["provisioned", "reused", "reused", "migrated", "rotated", "torn-down"],
            AllAuditEvents());
    }

    [Fact]
    public async Task Apply_migrates_with_the_durability_the_server_gives_the_database()
    {
        // A production migration is reported as migrated only once it is durable: the session keeps
        // the database's synchronous_commit, which a throwaway replay would turn off.
        await ExecuteAsync(server.AdminConnectionString, $"ALTER DATABASE \"{_database}\" SET synchronous_commit = 'local'");
        _workspace.Write($"plugins/{_id}/migrations/20240201000000_durability/migration.sql",
            "CREATE TABLE \"Seen\" AS SELECT current_setting('synchronous_commit') AS \"value\";\n");

        var applied = await RunAsync("Apply");

        Assert.Equal(0, applied.ExitCode);
        Assert.Equal("local", await TextAsync(DatabaseUrl, $"SELECT \"value\" FROM \"{_id}\".\"Seen\""));
    }

    [Fact]
    public async Task Persistent_postgres_targets_need_the_url_of_the_database()
    {
        var run = await _workspace.RunAsync("Ensure", "--plugins", "plugins/*", "--plugin", _id);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--postgres-url", run.Stderr, StringComparison.Ordinal);
    }

    private List<string> AllAuditEvents() =>
        [.. _workspace.Audit().Select(a => a.GetProperty("event").GetString()!)];

    private async Task LoginAsync(string password)
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseUrl) { Username = $"plugin_{_id}", Password = password, Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync();
    }

    private static async Task<string> TextAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return (string)(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync())!;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return (long)(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync())!;
    }
}
