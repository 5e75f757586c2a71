using PluginDb.Core.Datasources;
using PluginDb.Core.Manifests;
using PluginDb.Datasources.Sqlite;
using PluginDb.Datasources.Tests.Support;

namespace PluginDb.Datasources.Tests.Sqlite;

public sealed class SqliteFileProviderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private PluginManifest Manifest(string id = "papertrail") =>
        new(id, "1.0.0", 2,
            new DatabaseSection(DatabaseMode.ExclusiveSqlite, DatabaseProvider.Sqlite, null, new MigrationsSection("migrations", null), DatabaseLimits.None),
            _temp.Combine("plugin"), _temp.Combine("plugin", "plugin.json"));

    private string DataRoot => _temp.Combine("data");

    [Fact]
    public async Task In_memory_shadows_are_empty_and_apart_whatever_was_opened_before()
    {
        SqliteFileProvider.WarmUp();
        var (first, _) = await SqliteFileProvider.OpenInMemoryAsync(Manifest("one"), CancellationToken.None);
        await using (first)
        {
            await using (var create = first.CreateCommand())
            {
                create.CommandText = "CREATE TABLE \"Left\" (id INTEGER)";
                await create.ExecuteNonQueryAsync();
            }
        }
        SqliteFileProvider.WarmUp();

        var (second, _) = await SqliteFileProvider.OpenInMemoryAsync(Manifest("two"), CancellationToken.None);
        await using (second)
        {
            await using var count = second.CreateCommand();
            count.CommandText = "SELECT count(*) FROM sqlite_master";
            Assert.Equal(0L, await count.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task Ensure_provisions_the_file_and_then_reuses_it()
    {
        var manifest = Manifest();

        var (first, firstReused) = await SqliteFileProvider.EnsureAsync(DataRoot, manifest, CancellationToken.None);
        var (second, secondReused) = await SqliteFileProvider.EnsureAsync(DataRoot, manifest, CancellationToken.None);

        var path = _temp.Combine("data", "plugins", "papertrail.db");
        Assert.False(firstReused);
        Assert.True(secondReused);
        Assert.True(File.Exists(path));
        Assert.Equal(DatasourceUrls.SqliteFileUrl(path), first.Url);
        Assert.StartsWith("file:", first.Url, StringComparison.Ordinal);
        Assert.Equal(first, second);
        Assert.Equal(DatabaseProvider.Sqlite, first.Provider);
        Assert.Null(first.SecretsRef);
        Assert.Same(manifest, first.Manifest);
        Assert.Equal("papertrail", first.PluginId);
    }

    [Fact]
    public void Describe_creates_nothing()
    {
        var descriptor = SqliteFileProvider.Describe(DataRoot, Manifest());

        Assert.EndsWith("/data/plugins/papertrail.db", descriptor.Url, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataRoot));
    }

    [Fact]
    public async Task A_reused_database_keeps_its_contents()
    {
        var manifest = Manifest();
        var (descriptor, _) = await SqliteFileProvider.EnsureAsync(DataRoot, manifest, CancellationToken.None);
        var path = SqliteFileProvider.DatabasePath(DataRoot, manifest.Id);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(SqliteMigrationRunner.ConnectionString(path)))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE kept (id INTEGER)";
            await command.ExecuteNonQueryAsync();
        }

        var (again, reused) = await SqliteFileProvider.EnsureAsync(DataRoot, manifest, CancellationToken.None);

        Assert.True(reused);
        Assert.Equal(descriptor.Url, again.Url);
        Assert.True(SqliteFileProvider.SizeBytes(path) > 0);
    }

    [Fact]
    public async Task Size_counts_the_file_and_its_write_ahead_log_but_not_the_shared_memory_index()
    {
        var path = _temp.Combine("size.db");
        await File.WriteAllBytesAsync(path, new byte[4096]);
        await File.WriteAllBytesAsync(path + "-wal", new byte[1000]);
        await File.WriteAllBytesAsync(path + "-shm", new byte[32768]);

        Assert.Equal(5096, SqliteFileProvider.SizeBytes(path));
        Assert.Equal(0, SqliteFileProvider.SizeBytes(_temp.Combine("absent.db")));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("..")]
    [InlineData("a/b")]
    public void A_plugin_id_that_would_leave_the_plugins_folder_is_refused(string id)
    {
        Assert.Throws<ArgumentException>(() => SqliteFileProvider.DatabasePath(DataRoot, id));
    }
}
