using PluginDb.Build.Tests.Engine;

namespace PluginDb.Build.Tests;

/// <summary>The public contract of DESIGN.md: target and parameter names users and workflows depend on.</summary>
public sealed class BuildContractTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    [Fact]
    public async Task No_target_plans_the_pipeline_up_to_Doctor_then_Report()
    {
        var (exitCode, stdout, _) = await RunAsync("--plan");

        Assert.Equal(0, exitCode);
        Assert.Equal(
            ["Validate", "Provision", "Migrate", "Drift", "Doctor", "Report"],
            PlannedTargets(stdout));
    }

    [Fact]
    public async Task Any_pipeline_stage_is_followed_by_Report()
    {
        var (exitCode, stdout, _) = await RunAsync("--plan", "migrate");

        Assert.Equal(0, exitCode);
        Assert.Equal(["Validate", "Provision", "Migrate", "Report"], PlannedTargets(stdout));
    }

    [Fact]
    public async Task Help_lists_every_public_target_and_parameter()
    {
        var (exitCode, stdout, _) = await RunAsync("--help");

        Assert.Equal(0, exitCode);
        string[] targets = ["Validate", "Provision", "Migrate", "Drift", "Doctor", "Report", "Ensure", "Info", "Apply", "Rotate", "Teardown", "Schema", "Compile", "Test"];
        string[] parameters = ["--plugins", "--out", "--fail-on", "--postgres", "--postgres-url", "--data-root", "--plugin", "--project", "--keep", "--live-sqlite-dir", "--live-postgres-url"];
        Assert.All(targets, t => Assert.Contains($"\n  {t} ", stdout, StringComparison.Ordinal));
        Assert.All(parameters, p => Assert.Contains($"\n  {p} ", stdout, StringComparison.Ordinal));
        Assert.Contains("Doctor     (default)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parameters_have_the_documented_defaults_and_the_urls_are_secret()
    {
        var environment = new Dictionary<string, string?>
        {
            ["PLUGINDB_POSTGRES_URL"] = "postgres://u:pw-one@host/db",
            ["PLUGINDB_LIVE_POSTGRES_URL"] = "postgres://u:pw-two@host/db",
        };

        var (exitCode, stdout, _) = await RunAsync(environment, "--plan");

        Assert.Equal(0, exitCode);
        Assert.Matches(@"--plugins\s+examples/plugins/\*\s+\(default\)", stdout);
        Assert.Matches(@"--out\s+artifacts/plugindb\s+\(default\)", stdout);
        Assert.Matches(@"--fail-on\s+error\s+\(default\)", stdout);
        Assert.Matches(@"--postgres\s+auto\s+\(default\)", stdout);
        Assert.Matches(@"--keep\s+false\s+\(default\)", stdout);
        Assert.Matches(@"--postgres-url\s+<secret>\s+\(environment\)", stdout);
        Assert.Matches(@"--live-postgres-url\s+<secret>\s+\(environment\)", stdout);
        Assert.DoesNotContain("pw-", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--fail-on", "error")]
    [InlineData("--fail-on", "warning")]
    [InlineData("--fail-on", "notice")]
    [InlineData("--fail-on", "never")]
    [InlineData("--postgres", "auto")]
    [InlineData("--postgres", "testcontainers")]
    [InlineData("--postgres", "local")]
    [InlineData("--postgres", "url")]
    public async Task Enum_parameters_take_each_documented_value(string option, string value)
    {
        var (exitCode, stdout, _) = await RunAsync("--plan", option, value);

        Assert.Equal(0, exitCode);
        Assert.Matches($@"{option}\s+{value}\s+\(argument\)", stdout);
    }

    private static Task<BuildRun> RunAsync(params string[] args) => RunAsync(NoEnvironment, args);

    private static Task<BuildRun> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        BuildRun.RunAsync<Build>(environment, args);

    private static List<string> PlannedTargets(string plan) =>
        [.. plan.Split('\n')
            .Skip(1)
            .TakeWhile(line => line.Length > 0)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])];
}
