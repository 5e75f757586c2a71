using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;

namespace PluginDb.Core.Tests.Manifests;

public sealed class FleetRulesTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private ManifestLoadResult Load(string folder, string json)
    {
        var result = ManifestLoader.Load(temp.Write($"plugins/{folder}/plugin.json", json), temp.Path);
        Assert.Empty(result.Findings);
        return result;
    }

    private static string Postgres(string id, string schema) =>
        ManifestTestData.WithDatabase($$"""{ "mode": "exclusive-postgres", "schema": "{{schema}}" }""", id);

    [Fact]
    public void Distinct_ids_and_schemas_give_no_findings()
    {
        var loaded = new[] { Load("a", Postgres("alpha", "alpha")), Load("b", Postgres("beta", "beta")), Load("c", ManifestTestData.WithoutDatabase("gamma")) };

        Assert.Empty(FleetRules.Check(loaded, temp.Path));
    }

    [Fact]
    public void A_repeated_id_is_SDB130_on_every_later_plugin_naming_the_first_manifest()
    {
        var json = ManifestTestData.WithoutDatabase("papertrail");
        var loaded = new[] { Load("a", json), Load("b", ManifestTestData.WithoutDatabase("other")), Load("c", json), Load("d", json) };

        var findings = FleetRules.Check(loaded, temp.Path);

        Assert.Equal(new[] { "plugins/c/plugin.json", "plugins/d/plugin.json" }, findings.Select(f => f.File));
        Assert.All(findings, f =>
        {
            Assert.Equal(FindingCodes.DuplicatePluginId.Code, f.Code);
            Assert.Equal("papertrail", f.Plugin);
            Assert.Equal((2, 9), (f.Line!.Value, f.Column!.Value));
            Assert.Equal("The plugin id \"papertrail\" is already declared by plugins/a/plugin.json.", f.Message);
        });
    }

    [Fact]
    public void A_schema_claimed_twice_is_SDB131_at_the_later_schema()
    {
        var second = Postgres("beta", "shared_data");
        var loaded = new[] { Load("a", Postgres("alpha", "shared_data")), Load("b", second) };

        var finding = Assert.Single(FleetRules.Check(loaded, temp.Path));

        Assert.Equal(FindingCodes.SchemaClaimedTwice.Code, finding.Code);
        Assert.Equal("beta", finding.Plugin);
        Assert.Equal("plugins/b/plugin.json", finding.File);
        var expected = TempFolder.At(second, "\"shared_data\"");
        Assert.Equal((expected.Line, expected.Column), (finding.Line!.Value, finding.Column!.Value));
        Assert.Equal("The PostgreSQL schema \"shared_data\" is already claimed by plugin \"alpha\" (plugins/a/plugin.json).", finding.Message);
    }

    [Fact]
    public void A_schema_named_by_a_plugin_that_is_not_exclusive_postgres_claims_nothing()
    {
        var loaded = new[]
        {
            Load("a", ManifestTestData.WithDatabase("""{ "mode": "exclusive-sqlite", "schema": "data" }""", "alpha")),
            Load("b", Postgres("beta", "data")),
        };

        Assert.Empty(FleetRules.Check(loaded, temp.Path));
    }

    [Fact]
    public void A_plugin_with_both_collisions_gets_both_findings()
    {
        var loaded = new[] { Load("a", Postgres("alpha", "data")), Load("b", Postgres("alpha", "data")) };

        Assert.Equal(new[] { "SDB130", "SDB131" }, FleetRules.Check(loaded, temp.Path).Select(f => f.Code));
    }

    [Fact]
    public void Manifests_that_failed_to_load_are_left_out()
    {
        var broken = ManifestLoader.Load(temp.Write("plugins/x/plugin.json", "{\"id\": \"alpha\"}"), temp.Path);
        Assert.Null(broken.Manifest);

        Assert.Empty(FleetRules.Check([broken, Load("a", ManifestTestData.WithoutDatabase("alpha"))], temp.Path));
    }
}
