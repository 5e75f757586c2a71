using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;
using PluginDb.Build.Tests.Pipeline;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Build.Tests.Native;

/// <summary>
/// The native runner on PostgreSQL: the whole Doctor job on the examples (an exclusive-postgres plugin
/// provisioned as production does, its migrations replayed, drift against schema.prisma), a Prisma
/// project with a real difference, and a server it starts itself in a container. Each is compared with
/// the managed runner on the same input, and nothing of a run may be left on the server.
/// </summary>
[Collection(PostgresServerCollection.Name)]
[Trait("Category", "Postgres")]
public sealed partial class NativeRunnerPostgresTests(PostgresServerFixture server, NativeRunnerFixture runner) : IClassFixture<NativeRunnerFixture>, IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("plugindb-native-test-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [NativeRunnerFact]
    public async Task Doctor_on_the_examples_reports_what_the_managed_runner_reports_and_leaves_nothing()
    {
        var native = await RunAsync(Runner.Native, "Doctor", "--no-cache");
        var managed = await RunAsync(Runner.Managed, "Doctor", "--no-cache");

        Assert.True(native.Run.ExitCode == 0, native.Run.ToString());
        Assert.Equal(managed.Run.ExitCode, native.Run.ExitCode);
        Assert.True(Ledger(native.Report)["migrations"]!["applied"]!.GetValue<int>() > 0, native.Run.ToString());
        NativeRunnerTests.AssertSameReport(managed.Report, native.Report);
        Assert.Empty(await server.RunObjectsAsync());
    }

    [NativeRunnerFact(shared: "corpus/prisma/umami")]
    public async Task A_PostgreSQL_project_with_a_difference_gets_the_managed_runners_findings()
    {
        var project = NativeRunnerFixture.CopyCorpusProject("umami", _temp);

        var native = await RunAsync(Runner.Native, "Drift", "--project", project, "--no-cache");
        var managed = await RunAsync(Runner.Managed, "Drift", "--project", project, "--no-cache");

        // umami's schema declares an index no migration creates (../shared/corpus/PRISMA_VERDICTS.md).
        Assert.Equal(1, native.Run.ExitCode);
        Assert.Contains(native.Report["findings"]!.AsArray(), f => f!["code"]!.GetValue<string>().StartsWith("SDB3", StringComparison.Ordinal)
            && f["severity"]!.GetValue<string>() == "error");
        NativeRunnerTests.AssertSameReport(managed.Report, native.Report);
        Assert.Empty(await server.RunObjectsAsync());
    }

    [NativeRunnerFact]
    public async Task A_signal_mid_run_cancels_it_and_nothing_of_the_run_remains()
    {
        using var workspace = new Workspace();
        await SignalTests.SignalMidRunAsync(server, workspace, "TERM", runner.Binary);
    }

    [NativeRunnerFact(containers: true)]
    public async Task It_starts_its_own_server_in_a_container_and_removes_it()
    {
        var (result, report) = await runner.RunWithReportAsync(Runner.Native, Path.Combine(_temp, "container"), "Doctor", "--postgres", "testcontainers", "--no-cache");

        Assert.True(result.ExitCode == 0, result.ToString());
        var ledger = Ledger(report);
        Assert.True(ledger["migrations"]!["applied"]!.GetValue<int>() > 0, result.ToString());
        Assert.Equal("testcontainers", ledger["serverSource"]!.GetValue<string>());

        // The run names the port its container published; no container of a run may still publish it.
        var port = ushort.Parse(PublishedPort().Match(result.Stderr + result.Stdout).Groups[1].Value, CultureInfo.InvariantCulture);
        using var engine = new DockerClientBuilder().WithEndpoint(NativeRunnerFactAttribute.Endpoint).Build();
        var left = await engine.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [TestcontainersPostgresSource.RunLabel] = true } },
        });
        Assert.DoesNotContain(left, c => c.Ports?.Any(p => p.PublicPort == port) == true);
    }

    [GeneratedRegex(@"on 127\.0\.0\.1:([0-9]+)\)")]
    private static partial Regex PublishedPort();

    /// <summary>The examples' exclusive-postgres plugin in a report.</summary>
    private static JsonNode Ledger(JsonObject report) => report["plugins"]!.AsArray().Single(p => p!["id"]!.GetValue<string>() == "ledger")!;

    /// <summary>A run on the test server, its reports in a folder named after the runner.</summary>
    private Task<(RunnerProcess Run, JsonObject Report)> RunAsync(Runner kind, params string[] args) =>
        runner.RunWithReportAsync(kind, Path.Combine(_temp, kind.ToString()), [.. args, "--postgres", "url", "--postgres-url", server.AdminConnectionString]);
}
