using Npgsql;
using PluginDb.Core.Migrations;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Build.Tests.Pipeline;

/// <summary>
/// The Drift target against a live PostgreSQL schema: a database of its own on the test server,
/// migrated by the real runner and then changed by hand; the run's shadow lives on the same server.
/// </summary>
[Collection(PostgresServerCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresLiveDriftTests : IAsyncLifetime, IDisposable
{
    private const string Schema = "notes";

    // One string: the schema's structure as the catalog describes it, so any change shows.
    private const string CatalogSnapshot =
        """
        SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM (
          SELECT c.relname || ':' || c.relkind::text || ':' || coalesce(a.attname, '') || ':' || coalesce(format_type(a.atttypid, a.atttypmod), '')
                 || ':' || coalesce(a.attnotnull::text, '') || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') AS x
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
          WHERE n.nspname = $1::text
          UNION ALL
          SELECT conname || ':' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = $1::text::regnamespace
          UNION ALL
          SELECT t.typname || ':' || e.enumlabel || ':' || e.enumsortorder FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typnamespace = $1::text::regnamespace
          UNION ALL
          SELECT 'row:' || string_agg(id || checksum || coalesce(finished_at::text, '') || coalesce(rolled_back_at::text, ''), ',' ORDER BY id) FROM notes._prisma_migrations
          UNION ALL
          SELECT 'authors:' || count(*) FROM notes."Author"
        ) s
        """;

    private readonly PostgresServerFixture _server;
    private readonly Workspace _workspace = new();
    private readonly string _database = "livedrift_" + Guid.NewGuid().ToString("N")[..10];

    public PostgresLiveDriftTests(PostgresServerFixture server)
    {
        _server = server;
        _workspace.PostgresPlugin(LiveDriftPlugin.Id, Schema, LiveDriftPlugin.PostgresMigrations);
    }

    private string LiveConnectionString => new NpgsqlConnectionStringBuilder(_server.AdminConnectionString) { Database = _database, Pooling = false }.ConnectionString;

    public async Task InitializeAsync()
    {
        await ExecuteAsync(new NpgsqlConnectionStringBuilder(_server.AdminConnectionString) { Pooling = false }.ConnectionString, $"CREATE DATABASE {_database}");
        await ExecuteAsync(LiveConnectionString, $"CREATE SCHEMA {Schema}");
    }

    public async Task DisposeAsync() =>
        await ExecuteAsync(new NpgsqlConnectionStringBuilder(_server.AdminConnectionString) { Pooling = false }.ConnectionString, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");

    public void Dispose() => _workspace.Dispose();

    private static async Task ExecuteAsync(string connectionString, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private async Task MigrateLiveAsync(params string[] names)
    {
        var migrations = names.Select(n => LocalMigration.Read(_workspace.PathOf($"plugins/{LiveDriftPlugin.Id}/migrations/{n}"))).ToList();
        var result = await new PostgresMigrationRunner().RunAsync(LiveConnectionString, Schema, migrations, LiveDriftPlugin.Id, _workspace.Root, CancellationToken.None);
        Assert.True(result.Successful, result.Error);
    }

    private async Task<string> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(LiveConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(CatalogSnapshot, connection) { Parameters = { new NpgsqlParameter { Value = Schema } } };
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private Task<Engine.BuildRun> DriftAsync() =>
        _workspace.RunAsync("Drift", "--plugins", "plugins/*", "--postgres", "url", "--postgres-url", _server.AdminConnectionString,
            "--live-postgres-url", LiveConnectionString);

    [Fact]
    public async Task An_unchanged_live_schema_reports_nothing_and_is_left_as_it_was()
    {
        await MigrateLiveAsync(LiveDriftPlugin.Init, LiveDriftPlugin.Tags);
        await ExecuteAsync(LiveConnectionString, $"INSERT INTO {Schema}.\"Author\" (\"name\") VALUES ('a'), ('b')");
        var before = await SnapshotAsync();

        var run = await DriftAsync();

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Empty(_workspace.Findings());
        Assert.Equal(before, await SnapshotAsync());
        Assert.Empty(await _server.RunObjectsAsync());
    }

    [Theory]
    [InlineData("table")]
    [InlineData("column")]
    [InlineData("type")]
    [InlineData("nullability")]
    [InlineData("default")]
    [InlineData("index")]
    [InlineData("unique")]
    [InlineData("foreign key")]
    [InlineData("check")]
    [InlineData("view")]
    [InlineData("enum")]
    public async Task Each_kind_of_hand_made_change_is_reported_with_its_object_and_migration_and_nothing_is_written(string kind)
    {
        await MigrateLiveAsync(LiveDriftPlugin.Init, LiveDriftPlugin.Tags);
        await ExecuteAsync(LiveConnectionString, LiveDriftPlugin.PostgresSql(kind, Schema));
        var before = await SnapshotAsync();

        var run = await DriftAsync();

        Assert.True(run.ExitCode == 1, run.Stderr + run.Stdout);
        LiveDriftPlugin.AssertReported(LiveDriftPlugin.ChangeOf(kind), _workspace.Findings());
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Each_history_case_yields_its_code_and_a_line_ending_change_none()
    {
        _workspace.Write($"plugins/notes/migrations/{LiveDriftPlugin.DataOnly}/migration.sql", LiveDriftPlugin.DataOnlySql);
        await MigrateLiveAsync(LiveDriftPlugin.Init, LiveDriftPlugin.Tags);
        // Live: Init applied then edited in the repository (CRLF only), Tags applied after a rolled-back
        // attempt, a hotfix the repository lacks, a failed row; DataOnly never applied.
        await ExecuteAsync(LiveConnectionString,
            $"INSERT INTO {Schema}._prisma_migrations (id, checksum, migration_name, started_at, rolled_back_at, applied_steps_count) " +
            $"SELECT 'rolled-back-attempt', checksum, migration_name, started_at - interval '1 hour', started_at, 0 FROM {Schema}._prisma_migrations WHERE migration_name = '{LiveDriftPlugin.Tags}'",
            $"INSERT INTO {Schema}._prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) " +
            $"VALUES ('hotfix', '{new string('a', 64)}', '20240109000000_hotfix', now(), now(), 1)",
            $"INSERT INTO {Schema}._prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) " +
            $"VALUES ('failed', '{new string('b', 64)}', '20240110000000_broken', now(), 0)");
        var init = _workspace.PathOf(LiveDriftPlugin.Script(LiveDriftPlugin.Init));
        await File.WriteAllTextAsync(init, (await File.ReadAllTextAsync(init)).Replace("\n", "\r\n", StringComparison.Ordinal));
        var tags = _workspace.PathOf(LiveDriftPlugin.Script(LiveDriftPlugin.Tags));
        await File.AppendAllTextAsync(tags, "-- edited after apply\n");
        var before = await SnapshotAsync();

        var run = await DriftAsync();

        Assert.Equal(1, run.ExitCode);
        var findings = _workspace.Findings().Select(f => (Code: f.GetProperty("code").GetString(), File: f.GetProperty("file").GetString())).OrderBy(f => f.Code).ToList();
        Assert.Equal(
            [
                ("SDB202", "plugins/notes/migrations"),
                ("SDB205", LiveDriftPlugin.Script(LiveDriftPlugin.DataOnly)),
                ("SDB206", "plugins/notes/migrations"),
                ("SDB207", LiveDriftPlugin.Script(LiveDriftPlugin.Tags)),
                ("SDB208", LiveDriftPlugin.Script(LiveDriftPlugin.Tags)),
            ],
            findings);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_plugin_whose_schema_is_not_in_the_live_database_gets_a_notice()
    {
        await ExecuteAsync(LiveConnectionString, $"DROP SCHEMA {Schema}");

        var run = await DriftAsync();

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var finding = Assert.Single(_workspace.Findings());
        Assert.Equal("SDB304", finding.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_bare_project_is_compared_with_the_schema_the_url_names()
    {
        _workspace.Migrations("project/prisma/migrations", "postgresql", LiveDriftPlugin.PostgresMigrations);
        await MigrateLiveAsync(LiveDriftPlugin.Init, LiveDriftPlugin.Tags);
        await ExecuteAsync(LiveConnectionString, LiveDriftPlugin.PostgresSql("view", Schema));
        var url = new PostgresDatasourceUrl(PostgresEndpoint.FromConnectionString(LiveConnectionString),
            new NpgsqlConnectionStringBuilder(LiveConnectionString).Username!, new NpgsqlConnectionStringBuilder(LiveConnectionString).Password ?? "", Schema);

        var run = await _workspace.RunAsync("Drift", "--project", "project", "--postgres", "url", "--postgres-url", _server.AdminConnectionString,
            "--live-postgres-url", url.ToString());

        Assert.True(run.ExitCode == 1, run.Stderr + run.Stdout);
        var finding = Assert.Single(_workspace.Findings());
        Assert.Equal("SDB302", finding.GetProperty("code").GetString());
        Assert.Equal($"project/prisma/migrations/{LiveDriftPlugin.Tags}/migration.sql", finding.GetProperty("file").GetString());
    }
}
