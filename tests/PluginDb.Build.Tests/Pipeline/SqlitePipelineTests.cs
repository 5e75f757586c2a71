using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PluginDb.Build.Tests.Pipeline;

/// <summary>The default target end to end on SQLite plugins: real files, real migrations, every report file.</summary>
public sealed class SqlitePipelineTests : IDisposable
{
    private const string Init = "-- CreateTable\nCREATE TABLE \"Note\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n    \"body\" TEXT NOT NULL\n);\n";
    private const string AddTag = "-- CreateTable\nCREATE TABLE \"Tag\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT\n);\n";

    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Healthy_plugins_exit_0_and_every_report_file_tells_what_happened()
    {
        _workspace.SqlitePlugin("notes", ("20240101000000_init", Init), ("20240102000000_tags", AddTag));
        _workspace.Write("plugins/greeter/plugin.json", """{ "id": "greeter", "version": "1.0.0", "sovereign": { "schemaVersion": 2 } }""");

        var run = await _workspace.RunAsync("--plugins", "plugins/*");

        Assert.Equal(0, run.ExitCode);
        var plugins = _workspace.Report().GetProperty("plugins").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
        Assert.Equal("shared", plugins["greeter"].GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, plugins["greeter"].GetProperty("datasource").ValueKind);
        var notes = plugins["notes"];
        Assert.Equal(2, notes.GetProperty("migrations").GetProperty("applied").GetInt32());
        Assert.Equal(0, notes.GetProperty("migrations").GetProperty("failed").GetInt32());
        Assert.True(notes.GetProperty("sizeBytes").GetInt64() > 0);
        Assert.StartsWith("file:", notes.GetProperty("datasource").GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Empty(_workspace.Findings());
        Assert.Equal(["provisioned", "migrated"], _workspace.Audit().Select(a => a.GetProperty("event").GetString()));
        Assert.Contains("notes", File.ReadAllText(Path.Combine(_workspace.Out, "summary.md")), StringComparison.Ordinal);
        Assert.Contains("notes", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_throwaway_data_root_is_removed_unless_keep_is_given()
    {
        _workspace.SqlitePlugin("notes", ("20240101000000_init", Init));

        await _workspace.RunAsync("--plugins", "plugins/*");
        var removed = DataRootOf(_workspace.Audit()[0]);
        var kept = await _workspace.RunAsync("--plugins", "plugins/*", "--keep");
        var keptRoot = DataRootOf(_workspace.Audit()[0]);

        Assert.False(Directory.Exists(removed));
        Assert.True(File.Exists(Path.Combine(keptRoot, "plugins", "notes.db")));
        Assert.Contains(keptRoot, kept.Stderr, StringComparison.Ordinal);
        Directory.Delete(keptRoot, recursive: true);
    }

    // The README: a given data root is kept, and exclusive-sqlite plugins get <data-root>/plugins/<id>.db.
    [Theory]
    [InlineData("Migrate")]
    [InlineData("Drift")]
    public async Task A_given_data_root_keeps_each_plugins_migrated_database(string target)
    {
        _workspace.SqlitePlugin("notes", ("20240101000000_init", Init), ("20240102000000_tags", AddTag));

        var run = await _workspace.RunAsync(target, "--plugins", "plugins/*", "--data-root", "data");

        Assert.Equal(0, run.ExitCode);
        await using var connection = new SqliteConnection($"Data Source={_workspace.PathOf("data/plugins/notes.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL; SELECT count(*) FROM sqlite_master WHERE name IN ('Note', 'Tag')";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(2L, reader.GetInt64(0));
        Assert.True(await reader.NextResultAsync() && await reader.ReadAsync());
        Assert.Equal(2L, reader.GetInt64(0));
    }

    [Fact]
    public async Task A_broken_plugin_is_reported_at_its_position_and_the_others_are_still_checked()
    {
        _workspace.SqlitePlugin("notes", ("20240101000000_init", Init));
        _workspace.Write("plugins/broken/plugin.json", "{\n  \"id\": \"broken\",\n  \"version\": 1.0\n  \"sovereign\": {}\n}\n");
        _workspace.SqlitePlugin("failing",
            ("20240101000000_init", Init),
            ("20240102000000_bad", "CREATE TABLE \"Kept\" (\"id\" INTEGER);\n\nCREATE TABLE \"Note\" (\"id\" INTEGER);\n"));

        var run = await _workspace.RunAsync("--plugins", "plugins/*");

        Assert.Equal(1, run.ExitCode);
        var findings = _workspace.Findings();
        var json = Assert.Single(findings, f => f.GetProperty("code").GetString() == "SDB101");
        Assert.Equal("plugins/broken/plugin.json", json.GetProperty("file").GetString());
        Assert.Equal(4, json.GetProperty("line").GetInt32());
        var failed = Assert.Single(findings, f => f.GetProperty("code").GetString() == "SDB201");
        Assert.Equal("plugins/failing/migrations/20240102000000_bad/migration.sql", failed.GetProperty("file").GetString());
        Assert.Equal(3, failed.GetProperty("line").GetInt32());
        var plugins = _workspace.Report().GetProperty("plugins").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
        Assert.Equal(1, plugins["notes"].GetProperty("migrations").GetProperty("applied").GetInt32());
        Assert.Equal(1, plugins["failing"].GetProperty("migrations").GetProperty("failed").GetInt32());
    }

    [Theory]
    [InlineData("error", 0)]
    [InlineData("warning", 1)]
    [InlineData("notice", 1)]
    [InlineData("never", 0)]
    public async Task Fail_on_sets_the_lowest_severity_that_fails_the_run(string failOn, int expected)
    {
        _workspace.SqlitePlugin("notes", ("20240101000000_init", Init));
        File.Delete(_workspace.PathOf("plugins/notes/migrations/migration_lock.toml"));

        var run = await _workspace.RunAsync("--plugins", "plugins/*", "--fail-on", failOn);

        Assert.Equal("SDB121", Assert.Single(_workspace.Findings()).GetProperty("code").GetString());
        Assert.Equal(expected, run.ExitCode);
    }

    [Fact]
    public async Task Errors_fail_the_run_unless_fail_on_is_never()
    {
        _workspace.Write("plugins/broken/plugin.json", "");

        Assert.Equal(1, (await _workspace.RunAsync("--plugins", "plugins/*")).ExitCode);
        Assert.Equal(0, (await _workspace.RunAsync("--plugins", "plugins/*", "--fail-on", "never")).ExitCode);
    }

    [Theory]
    [InlineData("--plugins", "nothing/here/*")]
    [InlineData("--no-such-parameter", "x")]
    [InlineData("--fail-on", "sometimes")]
    public async Task Usage_errors_exit_2(string option, string value)
    {
        _workspace.SqlitePlugin("notes", ("20240101000000_init", Init));

        var run = await _workspace.RunAsync(option, value);

        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task A_data_root_that_cannot_be_created_is_an_infrastructure_error()
    {
        _workspace.SqlitePlugin("notes", ("20240101000000_init", Init));
        _workspace.Write("blocker", "a file where the data root should be");

        var run = await _workspace.RunAsync("--plugins", "plugins/*", "--data-root", "blocker");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("SDB601", Assert.Single(_workspace.Findings()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task In_github_actions_findings_become_annotations_and_the_summary_is_appended()
    {
        _workspace.Write("plugins/broken/plugin.json", "{ \"id\": 5 }");
        var stepSummary = _workspace.PathOf("step-summary.md");
        File.WriteAllText(stepSummary, "earlier step\n");
        var environment = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = stepSummary };

        var run = await _workspace.RunAsync(environment, default, "--plugins", "plugins/*");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("::error file=plugins/broken/plugin.json,line=1,col=9,", run.Stdout, StringComparison.Ordinal);
        var summary = File.ReadAllText(stepSummary);
        Assert.StartsWith("earlier step\n", summary, StringComparison.Ordinal);
        Assert.Contains("SDB110", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_limit_is_checked_against_the_file_size()
    {
        _workspace.SqlitePlugin("notes", ("20240101000000_init", Init + "CREATE TABLE \"Blob\" (\"b\" BLOB);\nINSERT INTO \"Blob\" VALUES (zeroblob(9000000));\n"));

        var run = await _workspace.RunAsync("--plugins", "plugins/*");

        Assert.Equal(0, run.ExitCode);
        var warning = Assert.Single(_workspace.Findings());
        Assert.Equal("SDB602", warning.GetProperty("code").GetString());
        Assert.Equal("plugins/notes/plugin.json", warning.GetProperty("file").GetString());
    }

    [Fact]
    public async Task A_bare_prisma_project_is_checked_as_one_exclusive_plugin()
    {
        _workspace.Migrations("app/prisma/migrations", "sqlite", ("20240101000000_init", Init));
        _workspace.Write("app/prisma/schema.prisma",
            "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel Note {\n  id   Int    @id @default(autoincrement())\n  body String\n}\n");

        var run = await _workspace.RunAsync("--project", "app");

        Assert.Equal(0, run.ExitCode);
        var plugin = Assert.Single(_workspace.Report().GetProperty("plugins").EnumerateArray());
        Assert.Equal("app", plugin.GetProperty("id").GetString());
        Assert.Equal("exclusive-sqlite", plugin.GetProperty("mode").GetString());
        Assert.Equal(1, plugin.GetProperty("migrations").GetProperty("applied").GetInt32());
    }

    [Fact]
    public async Task Without_a_lock_file_a_project_takes_its_provider_from_the_schema_folder()
    {
        _workspace.Write("app/migrations/20240101000000_init/migration.sql", Init);
        _workspace.Write("app/schema/base.prisma", "// provider = \"postgresql\" in a comment does not count\ndatasource db {\n  provider = \"sqlite\"\n}\n");
        _workspace.Write("app/schema/note.prisma", "model Note {\n  id   Int    @id @default(autoincrement())\n  body String\n}\n");

        var run = await _workspace.RunAsync("--project", "app");

        Assert.Equal(0, run.ExitCode);
        var plugin = Assert.Single(_workspace.Report().GetProperty("plugins").EnumerateArray());
        Assert.Equal("exclusive-sqlite", plugin.GetProperty("mode").GetString());
        Assert.Equal(["SDB121", "SDB144"], _workspace.Findings().Select(f => f.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_migration_entry_point_runs_under_node_with_the_datasource_url_and_its_failure_is_a_finding()
    {
        foreach (var (id, script) in new[] { ("good", "console.log('url=' + process.env.PLUGIN_DATABASE_URL);"), ("bad", "console.error('boom'); process.exit(3);") })
        {
            _workspace.Write($"plugins/{id}/plugin.json", $$"""
                { "id": "{{id}}", "version": "1.0.0", "sovereign": { "schemaVersion": 2, "database": {
                  "mode": "exclusive-sqlite", "provider": "sqlite",
                  "migrations": { "directory": "migrations", "entryPoint": "scripts/migrate.js" } } } }
                """);
            _workspace.Migrations($"plugins/{id}/migrations", "sqlite");
            _workspace.Write($"plugins/{id}/scripts/migrate.js", script);
        }

        var run = await _workspace.RunAsync("--plugins", "plugins/*");

        Assert.Equal(1, run.ExitCode);
        var failed = Assert.Single(_workspace.Findings());
        Assert.Equal("SDB204", failed.GetProperty("code").GetString());
        Assert.Equal("bad", failed.GetProperty("plugin").GetString());
        var migrated = _workspace.Audit().Where(a => a.GetProperty("event").GetString() == "migrated").ToList();
        Assert.Equal("good", Assert.Single(migrated).GetProperty("plugin").GetString());
        Assert.Contains("exited 0", migrated[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static string DataRootOf(JsonElement provisioned)
    {
        var database = provisioned.GetProperty("detail").GetString()!;
        return Path.GetDirectoryName(Path.GetDirectoryName(database))!;
    }

    internal static long Rows(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
