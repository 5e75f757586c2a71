using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PluginDb.Core.Migrations;
using PluginDb.Datasources.Sqlite;

namespace PluginDb.Build.Tests.Pipeline;

/// <summary>The Drift target against a live SQLite database made by the real runner and changed by hand.</summary>
public sealed class SqliteLiveDriftTests : IDisposable
{
    private const string LiveDir = "live";

    private readonly Workspace _workspace = new();

    public SqliteLiveDriftTests() => _workspace.SqlitePlugin(LiveDriftPlugin.Id, LiveDriftPlugin.SqliteMigrations);

    public void Dispose() => _workspace.Dispose();

    private string LivePath => _workspace.PathOf($"{LiveDir}/plugins/{LiveDriftPlugin.Id}.db");

    private IReadOnlyList<LocalMigration> LocalMigrations(params string[] names) =>
        [.. names.Select(n => LocalMigration.Read(_workspace.PathOf($"plugins/{LiveDriftPlugin.Id}/migrations/{n}")))];

    private async Task CreateLiveAsync(params string[] migrations)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LivePath)!);
        var result = await new SqliteMigrationRunner().RunAsync(LivePath, LocalMigrations(migrations), LiveDriftPlugin.Id, _workspace.Root, CancellationToken.None);
        Assert.True(result.Successful, result.Error);
    }

    private async Task ExecuteOnLiveAsync(params string[] statements)
    {
        await using var connection = new SqliteConnection(SqliteMigrationRunner.ConnectionString(LivePath));
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    private Task<Engine.BuildRun> DriftAsync(params string[] extra) =>
        _workspace.RunAsync(["Drift", "--plugins", "plugins/*", "--live-sqlite-dir", LiveDir, .. extra]);

    [Fact]
    public async Task An_unchanged_live_database_reports_nothing()
    {
        await CreateLiveAsync(LiveDriftPlugin.Init, LiveDriftPlugin.Tags);

        var run = await DriftAsync();

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Empty(_workspace.Findings());
        Assert.Contains("0 differences", run.Stderr, StringComparison.Ordinal);
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
    public async Task Each_kind_of_hand_made_change_is_reported_with_its_object_and_migration(string kind)
    {
        await CreateLiveAsync(LiveDriftPlugin.Init, LiveDriftPlugin.Tags);
        await ExecuteOnLiveAsync(LiveDriftPlugin.SqliteSql(kind));

        var run = await DriftAsync();

        Assert.True(run.ExitCode == 1, run.Stderr + run.Stdout);
        LiveDriftPlugin.AssertReported(LiveDriftPlugin.ChangeOf(kind), _workspace.Findings());
    }

    [Fact]
    public async Task A_drift_run_leaves_the_live_file_byte_for_byte_unchanged_and_creates_nothing_beside_it()
    {
        await CreateLiveAsync(LiveDriftPlugin.Init, LiveDriftPlugin.Tags);
        await ExecuteOnLiveAsync(LiveDriftPlugin.SqliteSql("column"));
        var before = SHA256.HashData(await File.ReadAllBytesAsync(LivePath));
        var modified = File.GetLastWriteTimeUtc(LivePath);

        var run = await DriftAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(LivePath)));
        Assert.Equal(modified, File.GetLastWriteTimeUtc(LivePath));
        Assert.Equal([$"{LiveDriftPlugin.Id}.db"], Directory.GetFiles(Path.GetDirectoryName(LivePath)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_migration_the_live_database_has_not_applied_is_pending()
    {
        await CreateLiveAsync(LiveDriftPlugin.Init, LiveDriftPlugin.Tags);
        _workspace.Write($"plugins/notes/migrations/{LiveDriftPlugin.DataOnly}/migration.sql", LiveDriftPlugin.DataOnlySql);

        var run = await DriftAsync();

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var finding = Assert.Single(_workspace.Findings());
        Assert.Equal("SDB205", finding.GetProperty("code").GetString());
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal(LiveDriftPlugin.Script(LiveDriftPlugin.DataOnly), finding.GetProperty("file").GetString());
    }

    [Fact]
    public async Task A_migration_applied_live_but_missing_from_the_repository_is_reported_on_the_folder()
    {
        _workspace.Write($"plugins/notes/migrations/{LiveDriftPlugin.DataOnly}/migration.sql", LiveDriftPlugin.DataOnlySql);
        await CreateLiveAsync(LiveDriftPlugin.Init, LiveDriftPlugin.Tags, LiveDriftPlugin.DataOnly);
        Directory.Delete(_workspace.PathOf($"plugins/notes/migrations/{LiveDriftPlugin.DataOnly}"), recursive: true);

        var run = await DriftAsync();

        Assert.Equal(1, run.ExitCode);
        var finding = Assert.Single(_workspace.Findings());
        Assert.Equal("SDB206", finding.GetProperty("code").GetString());
        Assert.Equal("plugins/notes/migrations", finding.GetProperty("file").GetString());
        Assert.Contains(LiveDriftPlugin.DataOnly, finding.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_migration_edited_after_it_was_applied_is_reported_but_a_line_ending_change_is_not()
    {
        _workspace.Write($"plugins/notes/migrations/{LiveDriftPlugin.DataOnly}/migration.sql", LiveDriftPlugin.DataOnlySql);
        await CreateLiveAsync(LiveDriftPlugin.Init, LiveDriftPlugin.Tags, LiveDriftPlugin.DataOnly);
        var script = _workspace.PathOf(LiveDriftPlugin.Script(LiveDriftPlugin.DataOnly));
        var stored = MigrationChecksum.Of(LiveDriftPlugin.DataOnlySql);

        await File.WriteAllTextAsync(script, LiveDriftPlugin.DataOnlySql.Replace("\n", "\r\n", StringComparison.Ordinal));
        var crlf = await DriftAsync();
        var crlfFindings = _workspace.Findings();
        await File.WriteAllTextAsync(script, LiveDriftPlugin.DataOnlySql + "-- reviewed\n");
        var edited = await DriftAsync();

        Assert.True(crlf.ExitCode == 0, crlf.Stderr + crlf.Stdout);
        Assert.Empty(crlfFindings);
        Assert.Equal(1, edited.ExitCode);
        var finding = Assert.Single(_workspace.Findings());
        Assert.Equal("SDB207", finding.GetProperty("code").GetString());
        Assert.Equal(LiveDriftPlugin.Script(LiveDriftPlugin.DataOnly), finding.GetProperty("file").GetString());
        Assert.Contains(stored, finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(MigrationChecksum.Of(LiveDriftPlugin.DataOnlySql + "-- reviewed\n"), finding.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_row_is_sdb202_and_a_rolled_back_row_is_a_notice()
    {
        _workspace.Write($"plugins/notes/migrations/{LiveDriftPlugin.DataOnly}/migration.sql", LiveDriftPlugin.DataOnlySql);
        await CreateLiveAsync(LiveDriftPlugin.Init, LiveDriftPlugin.Tags, LiveDriftPlugin.DataOnly);
        await ExecuteOnLiveAsync(
            $"UPDATE _prisma_migrations SET finished_at = NULL, applied_steps_count = 0 WHERE migration_name = '{LiveDriftPlugin.DataOnly}'",
            "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, rolled_back_at, applied_steps_count) " +
            $"SELECT 'rolled-back-attempt', checksum, migration_name, started_at - 1000, started_at, 0 FROM _prisma_migrations WHERE migration_name = '{LiveDriftPlugin.Tags}'");

        var run = await DriftAsync();

        Assert.Equal(1, run.ExitCode);
        var findings = _workspace.Findings().ToDictionary(f => f.GetProperty("code").GetString()!);
        Assert.Equal(["SDB202", "SDB208"], findings.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(LiveDriftPlugin.Script(LiveDriftPlugin.DataOnly), findings["SDB202"].GetProperty("file").GetString());
        Assert.Equal("notice", findings["SDB208"].GetProperty("severity").GetString());
        Assert.Equal(LiveDriftPlugin.Script(LiveDriftPlugin.Tags), findings["SDB208"].GetProperty("file").GetString());
    }

    [Fact]
    public async Task A_plugin_without_a_live_database_gets_a_notice()
    {
        var run = await DriftAsync();

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var finding = Assert.Single(_workspace.Findings());
        Assert.Equal("SDB304", finding.GetProperty("code").GetString());
        Assert.Equal(LiveDriftPlugin.Manifest, finding.GetProperty("file").GetString());
        Assert.False(Directory.Exists(_workspace.PathOf(LiveDir)));
    }

    [Fact]
    public async Task A_bare_project_is_compared_with_the_database_file_given_directly()
    {
        _workspace.Migrations("project/prisma/migrations", "sqlite", LiveDriftPlugin.SqliteMigrations);
        Directory.CreateDirectory(Path.GetDirectoryName(LivePath)!);
        var migrations = LiveDriftPlugin.SqliteMigrations.Select(m => LocalMigration.Read(_workspace.PathOf($"project/prisma/migrations/{m.Name}"))).ToList();
        Assert.True((await new SqliteMigrationRunner().RunAsync(LivePath, migrations, null, _workspace.Root, CancellationToken.None)).Successful);
        await ExecuteOnLiveAsync(LiveDriftPlugin.SqliteSql("index"));

        var run = await _workspace.RunAsync("Drift", "--project", "project", "--live-sqlite-dir", $"{LiveDir}/plugins/{LiveDriftPlugin.Id}.db");

        Assert.True(run.ExitCode == 1, run.Stderr + run.Stdout);
        var finding = Assert.Single(_workspace.Findings());
        Assert.Equal("SDB302", finding.GetProperty("code").GetString());
        Assert.Equal($"project/prisma/migrations/{LiveDriftPlugin.Tags}/migration.sql", finding.GetProperty("file").GetString());
    }
}
