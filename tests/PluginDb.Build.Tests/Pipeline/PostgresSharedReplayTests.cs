namespace PluginDb.Build.Tests.Pipeline;

/// <summary>
/// Doctor on exclusive-postgres plugins that share a migration history: the history is replayed once,
/// and every plugin is still provisioned, probed and reported — unless the files name something that
/// differs between the plugins, when each replays its own.
/// </summary>
[Collection(PostgresServerCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresSharedReplayTests(PostgresServerFixture server) : IDisposable
{
    private static readonly string[] Ids = ["alpha", "beta", "gamma"];

    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private Task<Engine.BuildRun> DoctorAsync(params string[] args) =>
        _workspace.RunAsync(["Doctor", "--postgres", "url", "--postgres-url", server.AdminConnectionString, "--plugins", "plugins/*", "--no-cache", .. args]);

    private void Plugin(string id, params (string Name, string Sql)[] migrations)
    {
        _workspace.PostgresPlugin(id, id, migrations);
        _workspace.Write($"plugins/{id}/schema.prisma", AccountHistory.Schema);
    }

    private IEnumerable<string?> PluginsWith(string code) =>
        _workspace.Findings().Where(f => f.GetProperty("code").GetString() == code).Select(f => f.GetProperty("plugin").GetString());

    [Fact]
    public async Task A_history_shared_by_several_plugins_is_replayed_once_and_each_plugin_is_still_checked()
    {
        foreach (var id in Ids)
        {
            Plugin(id, ("20240101000000_init", AccountHistory.Init));
        }

        var run = await DoctorAsync();

        Assert.True(run.ExitCode == 1, run.Stderr);
        var leader = Assert.Single(Ids, id => _workspace.AuditDetails(id).Any(d => d.StartsWith("1 applied", StringComparison.Ordinal)));
        foreach (var id in Ids.Where(id => id != leader))
        {
            // Its own schema and role were provisioned all the same.
            Assert.Contains(_workspace.Audit(), e => e.GetProperty("plugin").GetString() == id && e.GetProperty("event").GetString() == "provisioned");
            Assert.Contains(_workspace.AuditDetails(id), d => d.Contains($"not replayed again: the replay for {leader} stands for them", StringComparison.Ordinal));
        }
        var followers = string.Join(", ", Ids.Where(id => id != leader));
        Assert.Contains($"{followers}: the same migrations as {leader}, replayed once for all; their schemas are provisioned and probed but left empty.", run.Stderr, StringComparison.Ordinal);
        // Each plugin's drift check found the index its schema declares, in plugin order.
        Assert.Equal(Ids, PluginsWith("SDB310"));
        var plugins = _workspace.Report().GetProperty("plugins").EnumerateArray().ToList();
        Assert.Equal(Ids, plugins.Select(p => p.GetProperty("id").GetString()));
        Assert.All(plugins, p => Assert.Equal(1, p.GetProperty("migrations").GetProperty("applied").GetInt32()));
        var sizes = plugins.Select(p => p.GetProperty("sizeBytes").GetInt64()).Distinct().ToList();
        Assert.True(Assert.Single(sizes) > 0, "every plugin reports the size of the one replay");
        // The isolation probe logged in as every plugin's role: a clean fleet gives no SDB5xx or SDB601.
        Assert.DoesNotContain(_workspace.Findings(), f => f.GetProperty("code").GetString() is { } code && (code.StartsWith("SDB5", StringComparison.Ordinal) || code == "SDB601"));
        Assert.Empty(await server.RunObjectsAsync());
    }

    [Fact]
    public async Task A_shared_history_that_names_a_plugins_schema_is_replayed_by_each_plugin_and_fails_where_it_must()
    {
        // Fine in alpha's own schema; beta's role may not touch alpha's, and a shared replay would hide that.
        var index = "CREATE INDEX \"Account_name_idx\" ON \"alpha\".\"Account\"(\"name\");\n";
        Plugin("alpha", ("20240101000000_init", AccountHistory.Init), ("20240102000000_index", index));
        Plugin("beta", ("20240101000000_init", AccountHistory.Init), ("20240102000000_index", index));

        var run = await DoctorAsync();

        Assert.True(run.ExitCode == 1, run.Stderr);
        Assert.Contains("beta: replays its migrations itself although alpha has the same files: they name 'alpha'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(_workspace.AuditDetails("alpha"), d => d.StartsWith("2 applied", StringComparison.Ordinal));
        var failed = Assert.Single(_workspace.Findings(), f => f.GetProperty("code").GetString() == "SDB201");
        Assert.Equal("beta", failed.GetProperty("plugin").GetString());
        Assert.Empty(await server.RunObjectsAsync());
    }

    [Fact]
    public async Task Plugins_whose_connection_limits_differ_each_replay_the_same_history()
    {
        Plugin("alpha", ("20240101000000_init", AccountHistory.Init));
        Plugin("beta", ("20240101000000_init", AccountHistory.Init));
        var manifest = _workspace.PathOf("plugins/beta/plugin.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"connections\": 3", "\"connections\": 4", StringComparison.Ordinal));

        var run = await DoctorAsync();

        Assert.True(run.ExitCode == 1, run.Stderr);
        Assert.Contains("beta: replays its migrations itself although alpha has the same files: their connection limits differ", run.Stderr, StringComparison.Ordinal);
        Assert.All(new[] { "alpha", "beta" }, id => Assert.Contains(_workspace.AuditDetails(id), d => d.StartsWith("1 applied", StringComparison.Ordinal)));
        Assert.Empty(await server.RunObjectsAsync());
    }
}
