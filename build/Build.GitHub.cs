using PluginDb.Build.Pipeline;
using PluginDb.Core.Reports;
using PluginDb.GitHub;
using PluginDb.Reporting;

namespace PluginDb.Build;

/// <summary>Where GitHub shows findings: a check run when the token allows it, else annotations and the job summary.</summary>
internal sealed partial class Build
{
    /// <summary>
    /// Publishes the check run when asked to (<c>--check-name</c> in GitHub Actions). Returns whether
    /// the findings reached GitHub that way; otherwise the caller writes workflow-command annotations.
    /// </summary>
    private async Task<bool> PublishCheckRun(RunReport report, string summary, CancellationToken cancellationToken)
    {
        if (!InGitHubActions || string.IsNullOrWhiteSpace(CheckName))
        {
            return false;
        }
        var environment = EnvironmentVariables
            .Where(e => e.Value is not null)
            .ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal);
        var context = await GitHubActionsContextReader.ReadAsync(environment, cancellationToken);
        if (context.RepositoryOwner is not { } owner || context.RepositoryName is not { } repository || context.HeadSha is not { } sha)
        {
            Log("No check run: GITHUB_REPOSITORY or the commit is unknown; the findings are in the annotations and the job summary.");
            return false;
        }
        var shard = Pipeline.Shard.Parse(Shard);
        var request = new CheckRunRequest(owner, repository, sha, CheckRunRequest.NameFor(CheckName, shard?.Index, shard?.Count),
            report, FailOn, summary, DetailsUrl: context.RunUrl);
        var result = await new CheckRunPublisher(context.ApiUrl, GithubToken, ToolVersion).PublishAsync(request, cancellationToken);
        switch (result.Outcome)
        {
            case CheckRunOutcome.Published:
                Log($"Check run \"{request.Name}\" published with {result.AnnotationsSent} annotation(s){(result.HtmlUrl is { } url ? ": " + url : ".")}");
                return true;
            case CheckRunOutcome.FellBack:
                Log($"No check run ({result.Message}); the findings are in the annotations and the job summary instead.");
                return false;
            default:
                Log($"The check run could not be published: {result.Message}. The findings are in the annotations and the job summary instead.");
                return false;
        }
    }

    private async Task WriteSarif(RunReport report, RunState run, CancellationToken cancellationToken)
    {
        if (Sarif)
        {
            await SarifWriter.WriteFileAsync(report, Path.Combine(run.OutDirectory, "report.sarif"), cancellationToken);
        }
    }
}
