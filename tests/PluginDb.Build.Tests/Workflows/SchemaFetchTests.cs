using System.Security.Cryptography;

namespace PluginDb.Build.Tests.Workflows;

/// <summary>
/// GitHub's CI has no shared folder: it fetches the public schemas of <c>.ci/schemas.lock</c>, pinned
/// to commits and checked by hash, and its tests must fail, not skip, without them.
/// </summary>
public sealed class SchemaFetchTests
{
    private static IEnumerable<(string Name, string Url, string Sha256)> Lock() =>
        File.ReadLines(RepositoryYaml.PathOf(".ci/schemas.lock"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => (p[0], p[1], p[2]));

    [Fact]
    public void Every_schema_the_tests_read_is_fetched_from_a_url_pinned_to_a_commit()
    {
        var names = Lock().Select(e => e.Name).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["github-action.schema.json", "github-checks-api.json", "github-workflow.schema.json", "sarif-2.1.0.schema.json"], names);
        Assert.All(Lock(), e => Assert.Matches("^https://raw\\.githubusercontent\\.com/[^/]+/[^/]+/[0-9a-f]{40}/", e.Url));
        Assert.All(Lock(), e => Assert.Matches("^([0-9a-f]{64}|-)$", e.Sha256));
    }

    [SharedSchemaTheory]
    [InlineData("sarif-2.1.0.schema.json")]
    [InlineData("github-action.schema.json")]
    [InlineData("github-workflow.schema.json")]
    public void A_recorded_hash_is_that_of_the_copy_the_tests_use_here(string name)
    {
        var recorded = Lock().Single(e => e.Name == name).Sha256;

        Assert.Equal(recorded, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(SharedSchemas.Folder, name)))));
    }

    [Fact]
    public void The_ci_workflow_fetches_the_schemas_before_the_tests_and_requires_them()
    {
        var steps = RepositoryYaml.Json(".github/workflows/ci.yml")["jobs"]!["test"]!["steps"]!.AsArray().Select(s => s!.AsObject()).ToList();
        var fetch = steps.FindIndex(s => s["run"]?.GetValue<string>().Contains(".ci/fetch-schemas.sh \"$RUNNER_TEMP/schemas\"", StringComparison.Ordinal) == true);
        var test = steps.FindIndex(s => s["run"]?.GetValue<string>().StartsWith("dotnet test", StringComparison.Ordinal) == true);

        Assert.True(fetch >= 0 && test > fetch, "the schemas must be fetched before the tests run");
        var env = steps[test]["env"]!;
        Assert.Equal("${{ runner.temp }}/schemas", env["PLUGINDB_SCHEMAS_DIR"]!.GetValue<string>());
        Assert.Equal("1", env["PLUGINDB_REQUIRE_SCHEMAS"]!.GetValue<string>());
    }
}
