using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PluginDb.Tests.Shared;

namespace PluginDb.Build.Tests.Native;

/// <summary>
/// The native runner that build.sh publishes does what the managed runner does: the same help, the same
/// findings, the same check run. Each test runs both as processes on the same input and compares.
/// </summary>
public sealed partial class NativeRunnerTests(NativeRunnerFixture runner) : IClassFixture<NativeRunnerFixture>, IDisposable
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];
    private readonly string _temp = Directory.CreateTempSubdirectory("plugindb-native-test-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [NativeRunnerFact]
    public async Task Build_sh_publishes_a_native_binary_where_a_C_toolchain_links_one()
    {
        Assert.Equal("native", runner.Kind);
        var header = new byte[18];
        await using (var binary = File.OpenRead(runner.Binary))
        {
            await binary.ReadExactlyAsync(header);
        }
        Assert.Equal("\u007fELF"u8.ToArray(), header[..4]);
        // e_type 2 (ET_EXEC): linked at a fixed address, so no relocations are applied at start.
        Assert.Equal(2, BitConverter.ToUInt16(header, 16));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(runner.Binary)!, "_build.dll")), "a managed runner was left beside the native one");
    }

    [NativeRunnerFact]
    public async Task Its_help_lists_the_targets_and_parameters_as_the_managed_runner_does()
    {
        var native = await runner.RunAsync(Runner.Native, NoEnvironment, "--help");
        var managed = await runner.RunAsync(Runner.Managed, NoEnvironment, "--help");

        Assert.Equal(0, native.ExitCode);
        Assert.Equal(managed.Stdout, native.Stdout);
        Assert.Contains("Validate", native.Stdout, StringComparison.Ordinal);
    }

    [NativeRunnerFact]
    public async Task It_reports_broken_plugins_with_the_managed_runners_findings_and_exit_code()
    {
        var args = new[] { "Validate", "--plugins", "tests/fixtures/plugins-broken/*" };

        var (native, nativeReport) = await runner.RunWithReportAsync(Runner.Native, Path.Combine(_temp, "native"), args);
        var (managed, managedReport) = await runner.RunWithReportAsync(Runner.Managed, Path.Combine(_temp, "managed"), args);

        Assert.NotEqual(0, native.ExitCode);
        Assert.Equal(managed.ExitCode, native.ExitCode);
        Assert.NotEmpty(nativeReport["findings"]!.AsArray());
        AssertSameReport(managedReport, nativeReport);
    }

    [NativeRunnerFact(shared: "corpus/prisma/anythingllm")]
    public async Task It_checks_a_SQLite_project_against_its_schema_as_the_managed_runner_does()
    {
        var project = NativeRunnerFixture.CopyCorpusProject("anythingllm", _temp);
        var args = new[] { "Drift", "--project", project, "--no-cache" };

        var (native, nativeReport) = await runner.RunWithReportAsync(Runner.Native, Path.Combine(_temp, "native"), args);
        var (managed, managedReport) = await runner.RunWithReportAsync(Runner.Managed, Path.Combine(_temp, "managed"), args);

        Assert.True(native.ExitCode == 0, native.ToString());
        Assert.Equal(managed.ExitCode, native.ExitCode);
        Assert.Contains("schema.prisma is in step with its migrations", native.Stderr + native.Stdout, StringComparison.Ordinal);
        Assert.Equal(40, nativeReport["plugins"]![0]!["migrations"]!["applied"]!.GetValue<int>());
        AssertSameReport(managedReport, nativeReport);
    }

    [NativeRunnerFact(shared: "schemas/" + SharedSchemas.GitHubChecksApi)]
    public async Task It_publishes_the_check_run_the_managed_runner_publishes()
    {
        var native = await PublishCheckRunAsync(Runner.Native);
        var managed = await PublishCheckRunAsync(Runner.Managed);

        Assert.Equal(Comparable(managed), Comparable(native));
        Assert.True(native["output"]!["annotations"]!.AsArray().Count > 0);
    }

    private async Task<JsonObject> PublishCheckRunAsync(Runner kind)
    {
        var name = kind.ToString();
        await using var api = new FakeGitHubApi();
        var eventFile = Path.Combine(_temp, name + "-event.json");
        await File.WriteAllTextAsync(eventFile, "{}");
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_API_URL"] = api.ApiUrl.AbsoluteUri,
            ["GITHUB_SERVER_URL"] = "https://github.example",
            ["GITHUB_REPOSITORY"] = "octo/plugins",
            ["GITHUB_SHA"] = "0123456789abcdef0123456789abcdef01234567",
            ["GITHUB_EVENT_PATH"] = eventFile,
            ["GITHUB_RUN_ID"] = "42",
            ["GITHUB_STEP_SUMMARY"] = Path.Combine(_temp, name + "-summary.md"),
        };

        var result = await runner.RunAsync(kind, environment,
            ["Validate", "--plugins", "tests/fixtures/plugins-broken/*", "--out", Path.Combine(_temp, name), "--check-name", "PluginDb", "--github-token", "test-token"]);

        Assert.Contains("Check run \"PluginDb\" published", result.Stderr + result.Stdout, StringComparison.Ordinal);
        var request = Assert.Single(api.Requests);
        Assert.Equal(("POST", 201), (request.Method, request.Status));
        Assert.Equal("Bearer test-token", request.Authorization);
        Assert.Empty(api.ResponseProblems);
        return request.Json;
    }

    /// <summary>The request without its times and the run's duration in the summary, which differ from run to run.</summary>
    private static string Comparable(JsonObject request)
    {
        var copy = request.DeepClone().AsObject();
        copy.Remove("started_at");
        copy.Remove("completed_at");
        return Duration().Replace(copy.ToJsonString(), " in … s;");
    }

    [GeneratedRegex(@" in [0-9]+\.[0-9] s;")]
    private static partial Regex Duration();

    /// <summary>
    /// report.json of both runs, without what differs from run to run: the times, the names of the run's
    /// throwaway datasources, and their sizes (a server may allocate a page more or less).
    /// </summary>
    internal static void AssertSameReport(JsonObject expected, JsonObject actual)
    {
        static string Comparable(JsonObject report)
        {
            var copy = report.DeepClone().AsObject();
            copy.Remove("startedAt");
            copy.Remove("finishedAt");
            foreach (var plugin in copy["plugins"]!.AsArray())
            {
                plugin!.AsObject().Remove("datasource");
                plugin.AsObject().Remove("sizeBytes");
            }
            return copy.ToJsonString();
        }
        Assert.Equal(Comparable(expected), Comparable(actual));
    }
}
