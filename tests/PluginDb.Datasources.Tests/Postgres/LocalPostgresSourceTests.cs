using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

public sealed class LocalPostgresSourceTests
{
    [Fact]
    public async Task Starts_a_loopback_server_that_answers_sql_and_dispose_removes_its_process_and_folder()
    {
        using var root = new TempRoot();
        var server = await new LocalPostgresSource().WithTempRoot(root.Path).StartAsync(CancellationToken.None);
        string folder;
        try
        {
            folder = Assert.Single(root.Entries);
            Assert.Equal(PostgresSources.Local, server.Source);
            Assert.StartsWith("PostgreSQL " + server.MajorVersion + ".", await PostgresProbe.SelectVersionAsync(server.AdminConnectionString), StringComparison.Ordinal);
            Assert.Equal("127.0.0.1", new Npgsql.NpgsqlConnectionStringBuilder(server.AdminConnectionString).Host);
            Assert.Equal("off", await PostgresProbe.ScalarAsync<string>(server.AdminConnectionString, "SHOW fsync"));
            Assert.Equal(PostgresSources.ThrowawayMaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture),
                await PostgresProbe.ScalarAsync<string>(server.AdminConnectionString, "SHOW max_connections"));
            Assert.NotEmpty(PostgresProbe.ProcessesMentioning(folder));
        }
        finally
        {
            // Also when an assertion above fails: a test must not leave its server running.
            await server.DisposeAsync();
        }
        await server.DisposeAsync();

        Assert.Empty(PostgresProbe.ProcessesMentioning(folder));
        Assert.Empty(root.Entries);
    }

    [Fact]
    public async Task Without_a_temp_root_the_server_keeps_its_data_where_the_throwaway_folders_say_and_removes_it()
    {
        var root = ThrowawayFolders.Root();
        var server = await new LocalPostgresSource().StartAsync(CancellationToken.None);
        string data;
        try
        {
            data = await PostgresProbe.ScalarAsync<string>(server.AdminConnectionString, "SHOW data_directory");
            Assert.StartsWith(Path.Combine(root, "plugindb-postgres-"), data, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.False(Directory.Exists(Path.GetDirectoryName(data)), "the server's folder was left behind");
    }

    [Fact]
    public async Task The_peek_names_the_major_version_the_start_gives_without_starting_anything()
    {
        using var root = new TempRoot();
        var source = new LocalPostgresSource().WithTempRoot(root.Path);

        var major = await source.PeekMajorVersionAsync(CancellationToken.None);
        Assert.Empty(root.Entries);
        await using var server = await source.StartAsync(CancellationToken.None);

        Assert.Equal(server.MajorVersion, major);
    }

    [Fact]
    public async Task Cancelling_the_start_removes_what_was_started()
    {
        using var root = new TempRoot();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var segments = PostgresProbe.SharedMemorySegments();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new LocalPostgresSource().WithTempRoot(root.Path).StartAsync(cancellation.Token));

        Assert.Empty(root.Entries);
        Assert.Empty(PostgresProbe.ProcessesMentioning(root.Path));
        // Cancelled during initdb (150 ms in; initdb alone takes 0.4 s and more), which is let finish: none of its shared memory is left unmapped.
        Assert.DoesNotContain(PostgresProbe.SharedMemorySegments().Except(segments), segment => !PostgresProbe.IsMapped(segment));
    }

    [Fact]
    public async Task A_start_that_outlives_its_timeout_fails_and_removes_what_was_started()
    {
        using var root = new TempRoot();

        await Assert.ThrowsAsync<PostgresStartupException>(
            () => new LocalPostgresSource().WithTempRoot(root.Path).WithStartupTimeout(TimeSpan.FromMilliseconds(500)).StartAsync(CancellationToken.None));

        Assert.Empty(root.Entries);
        Assert.Empty(PostgresProbe.ProcessesMentioning(root.Path));
    }

    [Fact]
    public async Task A_folder_without_server_binaries_is_reported_as_such()
    {
        using var root = new TempRoot();

        var error = await Assert.ThrowsAsync<PostgresBinariesNotFoundException>(
            () => new LocalPostgresSource().WithBinDirectory(root.Path).StartAsync(CancellationToken.None));

        Assert.Contains(root.Path, error.Message, StringComparison.Ordinal);
    }
}
