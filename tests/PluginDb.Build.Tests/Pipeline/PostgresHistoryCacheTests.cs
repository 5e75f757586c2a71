namespace PluginDb.Build.Tests.Pipeline;

/// <summary>
/// The history cache on PostgreSQL: keyed by the server's major version, read before any server is
/// started, so a drift check of unchanged histories needs no database of its own at all.
/// </summary>
[Collection(PostgresServerCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresHistoryCacheTests(PostgresServerFixture server) : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private Task<Engine.BuildRun> RunAsync(params string[] args) =>
        _workspace.RunAsync(["--postgres", "url", "--postgres-url", server.AdminConnectionString, "--plugins", "plugins/*", .. args]);

    [Fact]
    public async Task A_warm_drift_check_starts_no_server_and_finds_what_the_replay_found()
    {
        _workspace.PostgresPlugin("alpha", "alpha", ("20240101000000_init", AccountHistory.Init));
        _workspace.Write("plugins/alpha/schema.prisma", AccountHistory.Schema);
        _workspace.PostgresPlugin("beta", "beta", ("20240101000000_init", AccountHistory.Init));
        _workspace.Write("plugins/beta/schema.prisma", AccountHistory.Schema);

        var cold = await RunAsync("Drift");
        var coldFindings = _workspace.Findings().Select(f => f.ToString()).ToList();
        var warm = await RunAsync("Drift");

        Assert.True(cold.ExitCode == 1, cold.Stderr);
        Assert.Equal(2, coldFindings.Count(f => f.Contains("SDB310", StringComparison.Ordinal) && f.Contains("Account_name_key", StringComparison.Ordinal)));
        Assert.Contains("Starting PostgreSQL", cold.Stderr, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_workspace.PathOf("data/cache"), "*.json", SearchOption.AllDirectories));
        Assert.True(warm.ExitCode == 1, warm.Stderr);
        Assert.DoesNotContain("Starting PostgreSQL", warm.Stderr, StringComparison.Ordinal);
        Assert.Equal(coldFindings, _workspace.Findings().Select(f => f.ToString()));
        Assert.Empty(await server.RunObjectsAsync());
    }

    [Fact]
    public async Task A_server_started_beside_validation_that_then_blocks_every_plugin_is_removed_unused()
    {
        // Without a cache the run starts its server as soon as it knows a PostgreSQL plugin exists,
        // before the plugin's migrations are read; a migration without its script then blocks the plugin.
        _workspace.PostgresPlugin("alpha", "alpha", ("20240101000000_init", AccountHistory.Init));
        Directory.CreateDirectory(_workspace.PathOf("plugins/alpha/migrations/20240102000000_empty"));

        var run = await RunAsync("Drift", "--no-cache");

        Assert.True(run.ExitCode == 1, run.Stderr);
        Assert.Contains(_workspace.Findings(), f => f.GetProperty("code").GetString() == "SDB122");
        Assert.Contains("no plugin got to use it; it is removed", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Starting PostgreSQL", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(await server.RunObjectsAsync());
    }

    [Fact]
    public async Task What_a_doctor_run_replays_on_its_own_server_serves_a_later_drift_check()
    {
        _workspace.PostgresPlugin("alpha", "alpha", ("20240101000000_init", AccountHistory.Init));
        _workspace.Write("plugins/alpha/schema.prisma", AccountHistory.Schema);

        var doctor = await RunAsync("Doctor");
        var warm = await RunAsync("Drift");

        Assert.True(doctor.ExitCode == 1, doctor.Stderr);
        Assert.Single(Directory.GetFiles(_workspace.PathOf("data/cache"), "*.json", SearchOption.AllDirectories));
        Assert.True(warm.ExitCode == 1, warm.Stderr);
        Assert.DoesNotContain("Starting PostgreSQL", warm.Stderr, StringComparison.Ordinal);
        Assert.Contains(_workspace.Findings(), f => f.GetProperty("code").GetString() == "SDB310");
        Assert.Empty(await server.RunObjectsAsync());
    }
}
