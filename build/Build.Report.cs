using PluginDb.Build.Pipeline;
using PluginDb.Core.Reports;
using PluginDb.Core.Runs;
using PluginDb.GitHub;
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
            var report = run.ToReport(ToolName, ToolVersion, DateTimeOffset.UtcNow);
            var summary = MarkdownSummaryRenderer.Render(report, new SummaryOptions(FailOn, Env("GITHUB_SERVER_URL"), Env("GITHUB_REPOSITORY"), Env("GITHUB_SHA")));
            var files = await ReportFiles.WriteAsync(report, summary, Sarif, run.OutDirectory, cancellationToken);
            if (Env("GITHUB_STEP_SUMMARY") is { Length: > 0 } stepSummary)
            {
                await SummaryFile.AppendAsync(stepSummary, summary, cancellationToken);
            }
            ConsoleReportRenderer.Render(report, Stdout, color: ColorOutput);
            if (InGitHubActions && !await PublishCheckRun(report, summary, cancellationToken))
            {
                WorkflowCommandWriter.WriteAnnotations(report.Findings, Stdout);
            }
            Log($"Report written to {Core.DisplayPath.Of(run.OutDirectory, WorkingDirectory)}/ ({string.Join(", ", files)}).");
            RaiseExitCode(ExitCodes.ForFindings(report.Findings, FailOn));
        }
        finally
        {
            await (release ?? ReleaseDatasources(run));
        }
    }

    /// <summary>Everything the run made, on every exit: its datasources, its server (or, kept, where it is), its data root.</summary>
    private async Task ReleaseDatasources(RunState run)
    {
        await run.DisposeDatasourcesAsync();
        await ReleaseServer();
        _runDeadline?.Dispose();
        run.ReleaseDataRoot(Keep, Log);
    }

    /// <summary>
    /// Publishes the check run when asked to (<c>--check-name</c> in GitHub Actions). Returns whether
    /// the findings reached GitHub that way; otherwise the caller writes workflow-command annotations.
    /// </summary>
    private async Task<bool> PublishCheckRun(RunReport report, string summary, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(CheckName))
        {
            return false;
        }
        var environment = EnvironmentVariables.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal);
        var context = await GitHubActionsContextReader.ReadAsync(environment, cancellationToken);
        var shard = Pipeline.Shard.Parse(Shard);
        var name = CheckRunRequest.NameFor(CheckName, shard?.Index, shard?.Count);
        var result = await new CheckRunPublisher(context.ApiUrl, GithubToken, ToolVersion).PublishForJobAsync(context, name, report, FailOn, summary, cancellationToken);
        Log(result.Describe(name));
        return result.Outcome == CheckRunOutcome.Published;
    }

    private bool InGitHubActions => string.Equals(Env("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Colour only for a person at a terminal, and never when NO_COLOR is set.</summary>
    private bool ColorOutput => Env("NO_COLOR") is null && ReferenceEquals(Stdout, Console.Out) && !Console.IsOutputRedirected;

    private string? Env(string name) => EnvironmentVariables.TryGetValue(name, out var value) ? value : null;

    private void Log(string message) => Stderr.WriteLine(message);
}
