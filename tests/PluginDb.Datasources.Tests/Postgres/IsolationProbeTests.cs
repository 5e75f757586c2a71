using System.Diagnostics;
using PluginDb.Core.Findings;
using PluginDb.Datasources.Postgres;
using Xunit.Abstractions;

namespace PluginDb.Datasources.Tests.Postgres;

[Collection(PostgresServerCollection.Name)]
[Trait("Category", PostgresServerCollection.Category)]
public sealed class IsolationProbeTests(PostgresServerFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Clean_plugins_yield_no_finding()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        var run = await db.Provider.EnsureManyAsync([db.Manifest("a"), db.Manifest("b"), db.Manifest("c", connections: null)], default);
        await TableAsync(db, run.Datasources[1]);

        Assert.Empty(await IsolationProbe.RunAsync(run.Datasources, default));
    }

    [Fact]
    public async Task Access_to_another_plugins_schema_is_SDB501_naming_both_plugins()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        var (a, b) = await TwoAsync(db);
        await TableAsync(db, b);
        await db.ExecuteAsync($"""GRANT USAGE ON SCHEMA "{b.Schema}" TO "{a.Role}"; GRANT SELECT ON "{b.Schema}".entries TO "{a.Role}";""");

        var finding = Assert.Single(await IsolationProbe.RunAsync([a, b], default));

        Assert.Equal(("SDB501", Severity.Error, a.PluginId), (finding.Code, finding.Severity, finding.Plugin));
        Assert.Contains($"'{a.PluginId}'", finding.Message, StringComparison.Ordinal);
        Assert.Contains($"'{b.PluginId}'", finding.Message, StringComparison.Ordinal);
        Assert.Contains("USAGE on the schema", finding.Message, StringComparison.Ordinal);
        Assert.Contains($"SELECT on {b.Schema}.entries", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Membership_in_another_plugins_role_is_SDB501_confirmed_by_a_real_create()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        var (a, b) = await TwoAsync(db);
        await db.ExecuteAsync($"""GRANT "{b.Role}" TO "{a.Role}";""");

        var finding = Assert.Single(await IsolationProbe.RunAsync([a, b], default));

        Assert.Equal(("SDB501", a.PluginId), (finding.Code, finding.Plugin));
        Assert.Contains("CREATE on the schema", finding.Message, StringComparison.Ordinal);
        Assert.Contains("created a table there (rolled back)", finding.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await db.ScalarAsync<long>($"SELECT count(*) FROM pg_tables WHERE schemaname = '{b.Schema}'"));
    }

    [Fact]
    public async Task Create_on_public_is_SDB502_for_every_plugin()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        var (a, b) = await TwoAsync(db);
        await db.ExecuteAsync("GRANT CREATE ON SCHEMA public TO PUBLIC");

        var findings = await IsolationProbe.RunAsync([a, b], default);

        Assert.Equal([("SDB502", a.PluginId), ("SDB502", b.PluginId)], findings.Select(f => (f.Code, f.Plugin)));
    }

    [Fact]
    public async Task Elevated_attributes_are_SDB503()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        var (a, b) = await TwoAsync(db);
        await db.ExecuteAsync($"""ALTER ROLE "{b.Role}" CREATEDB BYPASSRLS""");

        var finding = Assert.Single(await IsolationProbe.RunAsync([a, b], default));

        Assert.Equal(("SDB503", b.PluginId), (finding.Code, finding.Plugin));
        Assert.Contains("CREATEDB, BYPASSRLS", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_without_connection_limit_is_SDB504()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        var (a, b) = await TwoAsync(db);
        await db.ExecuteAsync($"""ALTER ROLE "{a.Role}" CONNECTION LIMIT -1""");

        var finding = Assert.Single(await IsolationProbe.RunAsync([a, b], default));

        Assert.Equal(("SDB504", a.PluginId), (finding.Code, finding.Plugin));
        Assert.Contains("has connection limit none; its manifest allows 5", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_that_cannot_log_in_is_SDB601_and_the_others_are_still_probed()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        var (a, b) = await TwoAsync(db);
        await db.ExecuteAsync($"""ALTER ROLE "{a.Role}" CREATEROLE; ALTER ROLE "{b.Role}" NOLOGIN""");

        var findings = await IsolationProbe.RunAsync([a, b], default);

        Assert.Equal([("SDB503", a.PluginId), ("SDB601", b.PluginId)], findings.Select(f => (f.Code, f.Plugin)));
    }

    [Fact]
    public async Task Fifty_plugins_are_provisioned_and_probed_quickly()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        var manifests = Enumerable.Range(0, 50).Select(i => db.Manifest($"p{i:00}")).ToList();

        var clock = Stopwatch.StartNew();
        var run = await db.Provider.EnsureManyAsync(manifests, default);
        var provisioned = clock.Elapsed;
        clock.Restart();
        var findings = await IsolationProbe.RunAsync(run.Datasources, default);
        var probed = clock.Elapsed;
        clock.Restart();
        var again = await db.Provider.EnsureManyAsync(manifests, default);
        var reEnsured = clock.Elapsed;
        clock.Restart();
        var withoutLimits = await IsolationProbe.RunAsync(run.Datasources, new IsolationProbeOptions(TestConnectionLimits: false), default);
        var catalogOnly = clock.Elapsed;

        output.WriteLine($"50 plugins: provision {provisioned.TotalMilliseconds:F0} ms, re-ensure {reEnsured.TotalMilliseconds:F0} ms, " +
                         $"probe {probed.TotalMilliseconds:F0} ms (with 6 sessions per role for the limit), probe without limit test {catalogOnly.TotalMilliseconds:F0} ms");
        Assert.Equal(50, run.Datasources.Count);
        Assert.All(again.Datasources, d => Assert.True(d.Reused));
        Assert.Empty(findings);
        Assert.Empty(withoutLimits);
    }

    private static async Task<(PostgresDatasource A, PostgresDatasource B)> TwoAsync(PostgresTestDatabase db)
    {
        var run = await db.Provider.EnsureManyAsync([db.Manifest("a"), db.Manifest("b")], default);
        Assert.Empty(run.Findings);
        return (run.Datasources[0], run.Datasources[1]);
    }

    private static async Task TableAsync(PostgresTestDatabase db, PostgresDatasource plugin)
    {
        await using var session = await db.LogInAsync(plugin.Role, plugin.Password);
        await using var command = new Npgsql.NpgsqlCommand("CREATE TABLE entries (id int, memo text)", session);
        await command.ExecuteNonQueryAsync();
    }
}
