namespace PluginDb.GitHub;

/// <summary>
/// What a GitHub Actions job tells a step about where it runs, read by <see cref="GitHubActionsContextReader"/>
/// from the variables GitHub sets (https://docs.github.com/en/actions/reference/variables-reference).
/// The token is not part of it: it is a secret and a record prints every property.
/// </summary>
public sealed record GitHubActionsContext(
    bool IsActions,
    Uri ApiUrl,
    Uri ServerUrl,
    string? Repository,
    string? Sha,
    string? EventName,
    string? Workflow,
    string? RunId,
    string? PullRequestHeadSha,
    string? EventPayloadProblem = null)
{
    /// <summary>GitHub.com's REST API, the default when GITHUB_API_URL is not set.</summary>
    public static Uri GitHubComApiUrl { get; } = new("https://api.github.com");

    public static Uri GitHubComServerUrl { get; } = new("https://github.com");

    /// <summary>The owner part of <c>owner/name</c>.</summary>
    public string? RepositoryOwner => SplitRepository()?.Owner;

    /// <summary>The name part of <c>owner/name</c>.</summary>
    public string? RepositoryName => SplitRepository()?.Name;

    /// <summary>
    /// The commit a check run belongs on. For pull_request events GITHUB_SHA is the merge commit GitHub made
    /// for the run, which the pull request page does not show; the head of the pull request is what it shows.
    /// </summary>
    public string? HeadSha => PullRequestHeadSha ?? Sha;

    /// <summary>The workflow run's page, where its artifacts are; null when the run is not known.</summary>
    public string? RunUrl => Repository is null || RunId is null
        ? null
        : $"{ServerUrl.AbsoluteUri.TrimEnd('/')}/{Repository}/actions/runs/{RunId}";

    private (string Owner, string Name)? SplitRepository()
    {
        var slash = Repository?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash > 0 && slash < Repository!.Length - 1 ? (Repository[..slash], Repository[(slash + 1)..]) : null;
    }
}
