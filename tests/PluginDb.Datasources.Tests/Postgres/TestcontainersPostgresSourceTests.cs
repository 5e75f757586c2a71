using System.Diagnostics;
using Npgsql;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

public sealed class TestcontainersPostgresSourceTests
{
    private const string TestLabel = "org.sovereign.plugindb-ci.test";

    [ContainerEngineFact]
    public async Task Starts_a_container_that_answers_sql_on_loopback_and_dispose_removes_the_container()
    {
        var mark = Guid.NewGuid().ToString("N");
        var server = await new TestcontainersPostgresSource().WithLabel(TestLabel, mark).StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal(PostgresSources.Testcontainers, server.Source);
            Assert.Equal(15, server.MajorVersion);
            Assert.StartsWith("PostgreSQL 15.", await PostgresProbe.SelectVersionAsync(server.AdminConnectionString), StringComparison.Ordinal);
            Assert.Equal("127.0.0.1", new NpgsqlConnectionStringBuilder(server.AdminConnectionString).Host);
            Assert.Equal("off", await PostgresProbe.ScalarAsync<string>(server.AdminConnectionString, "SHOW fsync"));
            Assert.Equal(PostgresSources.ThrowawayMaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture),
                await PostgresProbe.ScalarAsync<string>(server.AdminConnectionString, "SHOW max_connections"));
            Assert.Equal(TestcontainersPostgresSource.MemoryDataMount + "/data",
                await PostgresProbe.ScalarAsync<string>(server.AdminConnectionString, "SHOW data_directory"));
            var container = Assert.Single(await ContainersMarkedAsync(mark));
            using (var engine = new Docker.DotNet.DockerClientBuilder().WithEndpoint(ContainerEngineFactAttribute.Endpoint).Build())
            {
                var inspected = await engine.Containers.InspectContainerAsync(container);
                // The data folder is the container's tmpfs, in memory.
                Assert.Contains(TestcontainersPostgresSource.MemoryDataMount, (inspected.HostConfig?.Tmpfs ?? new Dictionary<string, string>()).Keys);
                // Readiness was checked from the host: nothing was run inside the container.
                var commands = new List<string>();
                foreach (var exec in inspected.ExecIDs ?? [])
                {
                    var process = (await engine.Exec.InspectContainerExecAsync(exec)).ProcessConfig;
                    commands.Add(string.Join(' ', [process?.Entrypoint, .. process?.Arguments ?? []]));
                }
                Assert.Empty(commands);
            }
        }
        finally
        {
            // Also when an assertion above fails: a test must not leave its container behind.
            await server.DisposeAsync();
        }
        await server.DisposeAsync();

        Assert.Empty(await ContainersMarkedAsync(mark));
    }

    [ContainerEngineFact]
    public async Task Cancelling_the_start_removes_the_container()
    {
        var mark = Guid.NewGuid().ToString("N");
        using var cancellation = new CancellationTokenSource();
        var start = new TestcontainersPostgresSource().WithLabel(TestLabel, mark).StartAsync(cancellation.Token);

        // Cancel once the engine has the container, i.e. mid-start, whatever this machine's speed.
        while (!start.IsCompleted && (await ContainersMarkedAsync(mark)).Count == 0)
        {
            await Task.Delay(50);
        }
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start);
        Assert.Empty(await ContainersMarkedAsync(mark));
    }

    [Fact]
    public async Task An_engine_that_does_not_answer_is_reported_quickly_as_unavailable()
    {
        var nowhere = new Uri("unix:///nonexistent/plugindb/docker.sock");
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ContainerEngineUnavailableException>(
            () => new TestcontainersPostgresSource().WithDockerEndpoint(nowhere).StartAsync(CancellationToken.None));

        Assert.Contains(nowhere.ToString(), error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void The_default_image_is_pinned_to_the_tag_the_ci_image_is_built_with()
    {
        var tagFile = Path.Combine(RepositoryRoot(), ".ci", "postgres-image", "TAG");

        Assert.Equal(TestcontainersPostgresSource.DefaultImage, "docker.io/library/postgres:" + File.ReadAllText(tagFile).Trim());
    }

    private static Task<IReadOnlyList<string>> ContainersMarkedAsync(string mark) =>
        TestcontainersPostgresSource.ListContainersAsync(ContainerEngineFactAttribute.Endpoint, TestLabel, mark, CancellationToken.None);

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PluginDb.Ci.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("PluginDb.Ci.sln not found above the test binaries.");
    }
}
