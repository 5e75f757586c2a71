using System.Text.Json;

namespace PluginDb.GitHub;

/// <summary>
/// Builds a <see cref="GitHubActionsContext"/> from environment variables the caller hands in (build/ reads
/// the process environment; this library does not) and from the event payload file GITHUB_EVENT_PATH names.
/// </summary>
public static class GitHubActionsContextReader
{
    public static async Task<GitHubActionsContext> ReadAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Get(string name) => environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var (headSha, problem) = Get("GITHUB_EVENT_PATH") is { } eventPath
            ? await ReadPullRequestHeadShaAsync(eventPath, cancellationToken).ConfigureAwait(false)
            : (null, null);
        return new GitHubActionsContext(
            IsActions: string.Equals(Get("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase),
            ApiUrl: AbsoluteUri(Get("GITHUB_API_URL")) ?? GitHubActionsContext.GitHubComApiUrl,
            ServerUrl: AbsoluteUri(Get("GITHUB_SERVER_URL")) ?? GitHubActionsContext.GitHubComServerUrl,
            Repository: Get("GITHUB_REPOSITORY"),
            Sha: Get("GITHUB_SHA"),
            EventName: Get("GITHUB_EVENT_NAME"),
            Workflow: Get("GITHUB_WORKFLOW"),
            RunId: Get("GITHUB_RUN_ID"),
            PullRequestHeadSha: headSha,
            EventPayloadProblem: problem);
    }

    private static Uri? AbsoluteUri(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;

    /// <summary>
    /// <c>pull_request.head.sha</c> of the payload, present for every pull_request* event. A payload that
    /// cannot be read is not a fault of the check: the caller uses GITHUB_SHA and can say why.
    /// </summary>
    private static async Task<(string? Sha, string? Problem)> ReadPullRequestHeadShaAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                using var payload = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                var sha = payload.RootElement.ValueKind == JsonValueKind.Object
                    && payload.RootElement.TryGetProperty("pull_request", out var pullRequest)
                    && pullRequest.ValueKind == JsonValueKind.Object
                    && pullRequest.TryGetProperty("head", out var head)
                    && head.ValueKind == JsonValueKind.Object
                    && head.TryGetProperty("sha", out var shaElement)
                    && shaElement.ValueKind == JsonValueKind.String
                        ? shaElement.GetString()
                        : null;
                return (string.IsNullOrWhiteSpace(sha) ? null : sha, null);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return (null, $"The event payload {path} could not be read: {e.Message}");
        }
    }
}
