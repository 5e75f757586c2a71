
namespace PluginDb.Build.Tests.Pipeline;

/// <summary>
/// The pipeline on PostgreSQL, on an existing server (<c>--postgres url</c>): each run makes a
/// database and roles of its own there and must leave none behind, whichever way it ends.
/// </summary>
[Collection(PostgresServerCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresPipelineTests(PostgresServerFixture server) : IDisposable
{
    private const string Init = AccountHistory.Init;

    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private Task<Engine.BuildRun> RunAsync(params string[] args) =>
        _workspace.RunAsync(["--postgres", "url", "--postgres-url", server.AdminConnectionString, .. args]);

    [Fact]
    public async Task The_bundled_examples_pass_and_the_run_leaves_nothing_on_the_server()
    {
        var examples = Path.Combine(RepositoryRoot.Find(), "examples", "plugins", "*");

        var run = await RunAsync("--plugins", examples);

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var ledger = _workspace.Report().GetProperty("plugins").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "ledger");
        Assert.Equal(2, ledger.GetProperty("migrations").GetProperty("applied").GetInt32());
        Assert.Equal("url", ledger.GetProperty("serverSource").GetString());
        var url = ledger.GetProperty("datasource").GetProperty("url").GetString()!;
        Assert.Matches(@"^postgresql://plugin_ledger_[a-z0-9_]+:\*\*\*\*@[^/]+/plugindb_run_[a-z0-9]+\?schema=ledger$", url);
        Assert.True(ledger.GetProperty("sizeBytes").GetInt64() > 0);
        Assert.Empty(_workspace.Findings());
        Assert.Empty(await server.RunObjectsAsync());
    }

    [Fact]
    public async Task Each_plugin_gets_its_own_schema_and_role_and_the_probe_finds_no_breach()
    {
        _workspace.PostgresPlugin("alpha", "alpha", ("20240101000000_init", Init));
        _workspace.PostgresPlugin("beta", "beta", ("20240101000000_init", Init));

        var run = await RunAsync("--plugins", "plugins/*", "--keep");
        var objects = await server.RunObjectsAsync();
        await server.DropAsync(objects);

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Empty(_workspace.Findings());
        Assert.Equal(2, objects.Count(o => o.StartsWith("role plugin_alpha_", StringComparison.Ordinal) || o.StartsWith("role plugin_beta_", StringComparison.Ordinal)));
        Assert.Single(objects, o => o.StartsWith("database plugindb_run_", StringComparison.Ordinal));
        Assert.Contains("Kept PostgreSQL (--keep)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_migration_is_atomic_and_reported_at_the_failing_line()
    {
        _workspace.PostgresPlugin("alpha", "alpha",
            ("20240101000000_init", Init),
            ("20240102000000_bad", "CREATE TABLE \"Kept\" (\"id\" INTEGER);\n\nCREATE TABLE \"Account\" (\"id\" INTEGER);\n"));

        var run = await RunAsync("--plugins", "plugins/*");

        Assert.Equal(1, run.ExitCode);
        var failed = Assert.Single(_workspace.Findings());
        Assert.Equal("SDB201", failed.GetProperty("code").GetString());
        Assert.Equal("plugins/alpha/migrations/20240102000000_bad/migration.sql", failed.GetProperty("file").GetString());
        Assert.Equal(3, failed.GetProperty("line").GetInt32());
        Assert.Empty(await server.RunObjectsAsync());
    }

    [Fact]
    public async Task A_migration_needing_more_privilege_than_the_plugin_has_fails_as_in_production()
    {
        _workspace.PostgresPlugin("alpha", "alpha", ("20240101000000_escape", "CREATE ROLE \"intruder\";\n"));

        var run = await RunAsync("--plugins", "plugins/*");

        Assert.Equal(1, run.ExitCode);
        var failed = Assert.Single(_workspace.Findings());
        Assert.Equal("SDB201", failed.GetProperty("code").GetString());
        Assert.Contains("42501", failed.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_run_still_removes_its_database_and_roles()
    {
        _workspace.PostgresPlugin("alpha", "alpha", ("20240101000000_init", Init + "SELECT pg_sleep(30);\n"));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        var run = await _workspace.RunAsync(new Dictionary<string, string?>(), cancellation.Token,
            "--plugins", "plugins/*", "--postgres", "url", "--postgres-url", server.AdminConnectionString);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Cancelled", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(await server.RunObjectsAsync());
    }

    [Fact]
    public async Task A_run_past_its_timeout_ends_as_an_infrastructure_error_and_removes_what_it_made()
    {
        _workspace.PostgresPlugin("alpha", "alpha", ("20240101000000_init", Init + "SELECT pg_sleep(30);\n"));

        var run = await RunAsync("--plugins", "plugins/*", "--timeout", "3");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("--timeout", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(await server.RunObjectsAsync());
    }

    [Fact]
    public async Task A_server_started_beside_validation_is_bound_by_the_timeout_too()
    {
        // A Doctor run starts its server while it validates; an unreachable one is retried for 10 s.
        _workspace.PostgresPlugin("alpha", "alpha", ("20240101000000_init", Init));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var run = await _workspace.RunAsync("--plugins", "plugins/*", "--postgres", "url", "--postgres-url", "postgresql://nobody:secret@127.0.0.1:1/none", "--timeout", "2");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("--timeout", run.Stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the run took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_an_infrastructure_error()
    {
        _workspace.PostgresPlugin("alpha", "alpha", ("20240101000000_init", Init));

        var run = await _workspace.RunAsync("--plugins", "plugins/*", "--postgres", "url", "--postgres-url", "postgresql://nobody:secret@127.0.0.1:1/none");

        Assert.Equal(3, run.ExitCode);
        Assert.DoesNotContain("secret", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_github_actions_every_password_is_masked_before_it_could_be_printed()
    {
        _workspace.PostgresPlugin("alpha", "alpha", ("20240101000000_init", Init));

        var run = await _workspace.RunAsync(new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true" }, default,
            "--plugins", "plugins/*", "--postgres", "url", "--postgres-url", server.AdminConnectionString);

        Assert.Equal(0, run.ExitCode);
        var masks = run.Stdout.Split('\n').Where(l => l.StartsWith("::add-mask::", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(masks);
        var firstOther = run.Stdout.Split('\n').TakeWhile(l => l.StartsWith("::add-mask::", StringComparison.Ordinal)).Count();
        Assert.Equal(masks.Count, firstOther);
    }

    [SharedFolderFact("corpus/prisma/umami")]
    public async Task A_bare_postgres_project_replays_in_a_database_of_its_own_and_its_schema_drift_is_found()
    {
        var umami = Path.Combine(SharedFolderFactAttribute.SharedFolder, "corpus", "prisma", "umami");

        var run = await RunAsync("--project", umami);

        // Prisma's own verdict on umami: one index its schema declares and no migration creates.
        Assert.Equal(1, run.ExitCode);
        var plugin = Assert.Single(_workspace.Report().GetProperty("plugins").EnumerateArray());
        Assert.Equal(Directory.GetDirectories(Path.Combine(umami, "migrations")).Length, plugin.GetProperty("migrations").GetProperty("applied").GetInt32());
        var errors = _workspace.Findings().Where(f => f.GetProperty("severity").GetString() == "error").ToList();
        var drift = Assert.Single(errors);
        Assert.Equal("SDB310", drift.GetProperty("code").GetString());
        Assert.Contains("session_replay_visit_id_idx", drift.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("umami/schema.prisma", drift.GetProperty("file").GetString(), StringComparison.Ordinal);
        var line = File.ReadAllLines(Path.Combine(umami, "schema.prisma"))[drift.GetProperty("line").GetInt32() - 1];
        Assert.Contains("visitId", line, StringComparison.Ordinal);
        Assert.Empty(await server.RunObjectsAsync());
    }
}
