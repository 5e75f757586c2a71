namespace PluginDb.Build.Tests.Pipeline;

/// <summary>Sharding a fleet over a workflow matrix, SARIF output, and the check-run fallback.</summary>
public sealed class FleetTests : IDisposable
{
    private readonly Workspace _workspace = new();

    public FleetTests()
    {
        for (var i = 0; i < 12; i++)
        {
            _workspace.Write($"plugins/p{i:00}/plugin.json", $$"""{ "id": "p{{i:00}}", "version": "1.0.0", "sovereign": { "schemaVersion": 2 } }""");
        }
    }

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task The_shards_of_a_fleet_cover_every_plugin_exactly_once()
    {
        var seen = new List<string>();
        for (var shard = 1; shard <= 3; shard++)
        {
            var run = await _workspace.RunAsync("Validate", "--plugins", "plugins/*", "--shard", $"{shard}/3");
            Assert.Equal(0, run.ExitCode);
            seen.AddRange(_workspace.Report().GetProperty("plugins").EnumerateArray().Select(p => p.GetProperty("id").GetString()!));
        }

        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"p{i:00}"), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_plugin_keeps_its_shard_when_others_join_the_fleet()
    {
        await _workspace.RunAsync("Validate", "--plugins", "plugins/*", "--shard", "2/3");
        var before = Ids();
        _workspace.Write("plugins/zz-new/plugin.json", """{ "id": "zz-new", "version": "1.0.0", "sovereign": { "schemaVersion": 2 } }""");

        await _workspace.RunAsync("Validate", "--plugins", "plugins/*", "--shard", "2/3");

        Assert.Empty(before.Except(Ids()));
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("two")]
    public async Task A_malformed_shard_is_a_usage_error(string shard)
    {
        var run = await _workspace.RunAsync("Validate", "--plugins", "plugins/*", "--shard", shard);

        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task Report_sarif_is_written_unless_turned_off()
    {
        _workspace.Write("plugins/p00/plugin.json", "{}");

        await _workspace.RunAsync("Validate", "--plugins", "plugins/*");
        var sarif = Path.Combine(_workspace.Out, "report.sarif");
        var written = File.ReadAllText(sarif);
        File.Delete(sarif);
        await _workspace.RunAsync("Validate", "--plugins", "plugins/*", "--sarif", "false");

        Assert.Contains("\"ruleId\": \"SDB110\"", written, StringComparison.Ordinal);
        Assert.False(File.Exists(sarif));
    }

    [Fact]
    public async Task Without_a_token_the_check_run_falls_back_to_annotations_and_says_so_once()
    {
        _workspace.Write("plugins/p00/plugin.json", "{}");
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_REPOSITORY"] = "sovereign/plugins",
            ["GITHUB_SHA"] = new string('a', 40),
        };

        var run = await _workspace.RunAsync(environment, default, "Validate", "--plugins", "plugins/*", "--check-name", "PluginDb");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("::error file=plugins/p00/plugin.json", run.Stdout, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("No check run", StringComparison.Ordinal));
    }

    private List<string> Ids() =>
        [.. _workspace.Report().GetProperty("plugins").EnumerateArray().Select(p => p.GetProperty("id").GetString()!)];
}
