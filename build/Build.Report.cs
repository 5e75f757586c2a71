using PluginDb.Build.Pipeline;
using PluginDb.Core.Manifests;
using PluginDb.Core.Reports;
using PluginDb.Core.Runs;
using PluginDb.Reporting;

namespace PluginDb.Build;

/// <summary>The Report stage: every place people look, then the exit code and the clean-up.</summary>
internal sealed partial class Build
{
    public const string ToolName = "PluginDb.Ci";

    private static string ToolVersion =>
        typeof(Build).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    private async Task ReportStage(CancellationToken cancellationToken)
    {
        if (_run is not { } run)
        {
            return;
        }
        // Nothing below reads the datasources: drop them while the report is written (with --keep
        // the release only prints where they are, which belongs after the report).
        var release = Keep ? null : ReleaseDatasources(run);
        try
        {
            var report = ToReport(run, DateTimeOffset.UtcNow);
            Directory.CreateDirectory(run.OutDirectory);
            await JsonReportWriter.WriteFileAsync(report, Path.Combine(run.OutDirectory, "report.json"), cancellationToken);
            var summary = MarkdownSummaryRenderer.Render(report, SummaryOptionsFor());
            // Written synchronously, as the JSON files are (JsonText.WriteDocumentFileAsync): see there.
            File.WriteAllText(Path.Combine(run.OutDirectory, "summary.md"), summary, new System.Text.UTF8Encoding(false));
            var auditPath = Path.Combine(run.OutDirectory, "audit.jsonl");
            if (!File.Exists(auditPath))
            {
                File.WriteAllText(auditPath, "");
            }
            if (Env("GITHUB_STEP_SUMMARY") is { Length: > 0 } stepSummary)
            {
                await SummaryFile.AppendAsync(stepSummary, summary, cancellationToken);
            }

            await WriteSarif(report, run, cancellationToken);

            ConsoleReportRenderer.Render(report, Stdout, color: ColorOutput);
            if (InGitHubActions && !await PublishCheckRun(report, summary, cancellationToken))
            {
                WorkflowCommandWriter.WriteAnnotations(report.Findings, Stdout);
            }
            Log($"Report written to {Core.DisplayPath.Of(run.OutDirectory, WorkingDirectory)}/ (report.json, summary.md, audit.jsonl{(Sarif ? ", report.sarif" : "")}).");
            RaiseExitCode(ExitCodes.ForFindings(report.Findings, FailOn));
        }
        finally
        {
            await (release ?? ReleaseDatasources(run));
        }
    }

    private async Task ReleaseDatasources(RunState run)
    {
        await CloseShadowConnections(run);
        await SettleServerStart();
        _runDeadline?.Dispose();
        if (_serverSource is { IsCompletedSuccessfully: true, Result: IAsyncDisposable source })
        {
            // A URL source keeps the session of its version peek for a start that a warm run never makes.
            await source.DisposeAsync();
        }
        // Checked here too: entering ReleasePostgres loads Npgsql and System.Data (its --keep branch
        // names Npgsql's types), a few milliseconds of every run that started no server.
        if (_server is not null || _postgresRelease is not null)
        {
            await ReleasePostgresOnce(run);
        }
        if (run.DataRoot is not { } root || !run.DataRootIsTemporary)
        {
            return;
        }
        if (Keep)
        {
            Log($"Kept the throwaway data root {root} (--keep). Remove it with: rm -rf '{root}'");
            return;
        }
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static RunReport ToReport(RunState run, DateTimeOffset finishedAt)
    {
        var plugins = run.Plugins.Select(p => new PluginReport(
            p.Id,
            p.Manifest?.Database.Mode.ToManifestName() ?? "unknown",
            p.Manifest?.Database.Provider?.ToManifestName(),
            p.Descriptor is { } d ? new DatasourceReport(d.MaskedUrl, d.Provider.ToManifestName(), d.SecretsRef) : null,
            p.MigrationResult is { } m
                ? new MigrationCounts(m.Applied.Count + m.AlreadyApplied.Count, m.Failed is null ? 0 : 1)
                : MigrationCounts.None,
            p.SizeBytes,
            p.Manifest?.Database.Limits.StorageMb,
            p.ServerSource)).ToList();
        return new RunReport(ToolName, ToolVersion, run.StartedAt, finishedAt, plugins, run.Findings);
    }

    private SummaryOptions SummaryOptionsFor() => new(
        FailOn,
        Env("GITHUB_SERVER_URL"),
        Env("GITHUB_REPOSITORY"),
        Env("GITHUB_SHA"));

    private bool InGitHubActions => string.Equals(Env("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Colour only for a person at a terminal, and never when NO_COLOR is set.</summary>
    private bool ColorOutput => Env("NO_COLOR") is null && ReferenceEquals(Stdout, Console.Out) && !Console.IsOutputRedirected;

    private string? Env(string name) => EnvironmentVariables.TryGetValue(name, out var value) ? value : null;

    private void Log(string message) => Stderr.WriteLine(message);
}
