using System.Text.Json;

namespace PluginDb.Build.Tests.Pipeline;

/// <summary>Ensure, Info and Apply on one plugin's persistent SQLite datasource, as the platform's CLI verbs do.</summary>
public sealed class PersistentSqliteTargetsTests : IDisposable
{
    private const string Init = "CREATE TABLE \"Note\" (\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT);\n";

    private readonly Workspace _workspace = new();

    public PersistentSqliteTargetsTests() =>
        _workspace.SqlitePlugin("notes", ("20240101000000_init", Init), ("20240102000000_more", "CREATE TABLE \"More\" (\"id\" INTEGER);\n"));

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Ensure_provisions_then_reuses_and_prints_the_path_each_time()
    {
        var first = await _workspace.RunAsync("Ensure", "--plugins", "plugins/*", "--plugin", "notes");
        var second = await _workspace.RunAsync("Ensure", "--plugins", "plugins/*", "--plugin", "notes");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("data/plugins/notes.db\n", first.Stdout);
        Assert.Equal("data/plugins/notes.db\n", second.Stdout);
        Assert.Contains("Provisioned the datasource of notes.", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("Reused the datasource of notes.", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(["provisioned", "reused"], _workspace.Audit().Select(a => a.GetProperty("event").GetString()));
        Assert.True(File.Exists(_workspace.PathOf("data/plugins/notes.db")));
    }

    [Fact]
    public async Task Info_prints_the_descriptor_as_json()
    {
        await _workspace.RunAsync("Ensure", "--plugins", "plugins/*", "--plugin", "notes", "--data-root", "store");

        var run = await _workspace.RunAsync("Info", "--plugins", "plugins/*", "--plugin", "notes", "--data-root", "store");

        Assert.Equal(0, run.ExitCode);
        var descriptor = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal("notes", descriptor.GetProperty("pluginId").GetString());
        Assert.Equal("sqlite", descriptor.GetProperty("provider").GetString());
        Assert.Equal("file:" + _workspace.PathOf("store/plugins/notes.db"), descriptor.GetProperty("url").GetString());
        Assert.True(descriptor.GetProperty("exists").GetBoolean());
        Assert.Equal(JsonValueKind.Null, descriptor.GetProperty("secretsRef").ValueKind);
        Assert.Equal(10, descriptor.GetProperty("manifest").GetProperty("limits").GetProperty("storageMb").GetInt32());
    }

    [Fact]
    public async Task Apply_migrates_the_persistent_datasource_and_a_second_apply_has_nothing_to_do()
    {
        var first = await _workspace.RunAsync("Apply", "--plugins", "plugins/*", "--plugin", "notes");
        var second = await _workspace.RunAsync("Apply", "--plugins", "plugins/*", "--plugin", "notes");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        var database = _workspace.PathOf("data/plugins/notes.db");
        Assert.Equal(2, SqlitePipelineTests.Rows(database, "SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL"));
        Assert.Contains("Applied 2 migration", first.Stderr, StringComparison.Ordinal);
        var migrated = _workspace.Audit().Last(a => a.GetProperty("event").GetString() == "migrated");
        Assert.StartsWith("0 applied, 2 already applied", migrated.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ensure")]
    [InlineData("Info")]
    [InlineData("Apply")]
    public async Task Persistent_targets_need_a_plugin_id(string target)
    {
        var missing = await _workspace.RunAsync(target, "--plugins", "plugins/*");
        var unknown = await _workspace.RunAsync(target, "--plugins", "plugins/*", "--plugin", "nobody");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--plugin <id>", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Known: notes", unknown.Stderr, StringComparison.Ordinal);
    }
}
