using PluginDb.Build.Engine;
using PluginDb.Build.Pipeline;
using PluginDb.Core.Manifests;
using PluginDb.Core.Runs;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Build;

/// <summary>
/// The repository's build. This file declares the public contract (DESIGN.md): every parameter and
/// every target with its place in the graph. The work of the targets lives in the other parts of this
/// partial class, one file per concern (<c>Build.Pipeline.cs</c>, <c>Build.Drift.cs</c>, …).
/// </summary>
internal sealed partial class Build : BuildBase
{
    protected override Target Default => Doctor;

    [Parameter("Plugin directory, or a glob of plugin directories, to check.")]
    internal string Plugins { get; init; } = "examples/plugins/*";

    [Parameter("Directory for report.json, summary.md, audit.jsonl and report.sarif.")]
    internal string Out { get; init; } = "artifacts/plugindb";

    [Parameter("Lowest finding severity that fails the run.")]
    internal FailOn FailOn { get; init; } = FailOn.Error;

    [Parameter("Where the throwaway PostgreSQL server comes from.")]
    internal PostgresSourceKind Postgres { get; init; } = PostgresSourceKind.Auto;

    [Parameter("PostgreSQL server to use (--postgres url), or holding the persistent datasources.")]
    [Secret]
    internal string? PostgresUrl { get; init; }

    [Parameter("Container image for --postgres testcontainers (pinned by default).")]
    internal string PostgresImage { get; init; } = TestcontainersPostgresSource.DefaultImage;

    [Parameter("PostgreSQL extensions the platform allows besides the server's trusted ones (comma-separated).")]
    internal string? AllowExtensions { get; init; }

    [Parameter("Directory holding persistent SQLite datasources (data/plugins/<pluginId>.db).")]
    internal string? DataRoot { get; init; }

    [Parameter("Plugin id the persistent-datasource targets act on.")]
    internal string? Plugin { get; init; }

    [Parameter("A bare Prisma project to check instead of plugins.")]
    internal string? Project { get; init; }

    [Parameter("Keep the throwaway datasources and say how to reach them.")]
    internal bool Keep { get; init; }

    [Parameter("Check one part of the plugins, i/n (1-based), to spread a fleet over a workflow matrix.")]
    internal string? Shard { get; init; }

    [Parameter("Write report.sarif (SARIF 2.1.0) for code scanning.")]
    internal bool Sarif { get; init; } = true;

    [Parameter("Publish the findings as a check run of this name (in GitHub Actions, with --github-token).")]
    internal string? CheckName { get; init; }

    [Parameter("Token for the check run (needs checks: write).")]
    [Secret]
    internal string? GithubToken { get; init; }

    [Parameter("Give up after this long (seconds or hh:mm:ss); what the run started is still removed.")]
    internal TimeSpan? Timeout { get; init; }

    [Parameter("Cache of replayed migration histories (default: cache/ under --data-root, else data/cache).")]
    internal string? CacheDir { get; init; }

    [Parameter("Replay every history; read and write no history cache.")]
    internal bool NoCache { get; init; }

    [Parameter("Directory of live plugin SQLite databases to check for drift.")]
    internal string? LiveSqliteDir { get; init; }

    [Parameter("Git ref of the base (a pull request's target): merged migrations must stay as they are there; default in a pull_request job: origin/<base branch>.")]
    internal string? Base { get; init; }

    [Parameter("Live PostgreSQL cluster whose plugin schemas are checked for drift.")]
    [Secret]
    internal string? LivePostgresUrl { get; init; }

    // The pipeline: each stage needs the one before it.
    internal Target Validate => _ => _
        .Description("Validate the plugin manifests.")
        .Executes(ct => Stage(ValidateStage, ct));

    internal Target Provision => _ => _
        .Description("Start throwaway servers and provision each plugin's datasource.")
        .DependsOn(Validate)
        .Executes(ct => Stage(ProvisionStage, ct));

    internal Target Migrate => _ => _
        .Description("Replay each plugin's migration history.")
        .DependsOn(Provision)
        .Executes(ct => Stage(MigrateStage, ct));

    internal Target Drift => _ => _
        .Description("Compare schema.prisma and live databases with the migrations.")
        .DependsOn(Migrate)
        .Executes(ct => Stage(DriftStage, ct));

    internal Target Doctor => _ => _
        .Description("Check limits, isolation and migration history.")
        .DependsOn(Drift)
        .Executes(ct => Stage(DoctorStage, ct));

    // One plugin's persistent datasource (--plugin, in --data-root or --postgres-url).
    internal Target Ensure => _ => _
        .Description("Provision the plugin's datasource, or reuse it, and print where it is.")
        .Executes(ct => PersistentStage(EnsureTarget, nameof(Ensure), ct));

    internal Target Info => _ => _
        .Description("Print the plugin's datasource descriptor.")
        .Executes(ct => PersistentStage(InfoTarget, nameof(Info), ct));

    internal Target Apply => _ => _
        .Description("Apply the plugin's pending migrations to its datasource.")
        .Executes(ct => PersistentStage(ApplyTarget, nameof(Apply), ct));

    internal Target Rotate => _ => _
        .Description("Rotate the password of the plugin's PostgreSQL role.")
        .Executes(ct => PersistentStage(RotateTarget, nameof(Rotate), ct));

    internal Target Teardown => _ => _
        .Description("Destroy the plugin's datasource.")
        .Executes(ct => PersistentStage(TeardownTarget, nameof(Teardown), ct));

    // The tool's own artefacts and the repository's own checks.
    internal Target Schema => _ => _
        .Description("Print the JSON Schema of the plugin manifest.")
        .Executes(ct => Stdout.WriteAsync(PluginManifestSchema.Text.AsMemory(), ct));

    internal Target Compile => _ => _
        .Description("Build the solution.")
        .Executes(ct => Stage(c => DotNetCli.RunAsync(c, "build", SolutionFile, "--nologo"), ct));

    internal Target Test => _ => _
        .Description("Run the tests.")
        .DependsOn(Compile)
        .Executes(ct => Stage(c => DotNetCli.RunAsync(c, "test", SolutionFile, "--nologo", "--no-build"), ct));

    // Declared last because ties in the plan go by declaration: the report closes every run that
    // reaches a pipeline stage, also after a failure or Ctrl-C.
    internal Target Report => _ => _
        .Description("Write the console report, job summary, annotations, SARIF and JSON.")
        .TriggeredBy(Validate, Provision, Migrate, Drift, Doctor)
        .AssuredAfterFailure()
        .Executes(ReportStage);
}
