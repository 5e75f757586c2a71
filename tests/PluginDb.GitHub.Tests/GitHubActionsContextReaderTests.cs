namespace PluginDb.GitHub.Tests;

public sealed class GitHubActionsContextReaderTests
{
    private const string Sha = "ce587453ced02b1526dfb4cb910479d431683101";

    [Fact]
    public async Task Reads_the_variables_github_sets()
    {
        var context = await GitHubActionsContextReader.ReadAsync(new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_API_URL"] = "https://ghes.example/api/v3",
            ["GITHUB_SERVER_URL"] = "https://ghes.example",
            ["GITHUB_REPOSITORY"] = "sovereign/plugins",
            ["GITHUB_SHA"] = Sha,
            ["GITHUB_EVENT_NAME"] = "push",
            ["GITHUB_WORKFLOW"] = "PluginDb",
            ["GITHUB_RUN_ID"] = "42",
        }, CancellationToken.None);

        Assert.True(context.IsActions);
        Assert.Equal("https://ghes.example/api/v3", context.ApiUrl.AbsoluteUri);
        Assert.Equal("sovereign", context.RepositoryOwner);
        Assert.Equal("plugins", context.RepositoryName);
        Assert.Equal(Sha, context.HeadSha);
        Assert.Equal("PluginDb", context.Workflow);
        Assert.Equal("https://ghes.example/sovereign/plugins/actions/runs/42", context.RunUrl);
        Assert.Null(context.EventPayloadProblem);
    }

    [Fact]
    public async Task Outside_actions_the_defaults_are_github_com_and_nothing_else_is_known()
    {
        var context = await GitHubActionsContextReader.ReadAsync(new Dictionary<string, string>(), CancellationToken.None);

        Assert.False(context.IsActions);
        Assert.Equal(GitHubActionsContext.GitHubComApiUrl, context.ApiUrl);
        Assert.Null(context.RepositoryOwner);
        Assert.Null(context.HeadSha);
        Assert.Null(context.RunUrl);
    }

    [Fact]
    public async Task A_pull_request_payload_gives_the_head_sha_instead_of_the_merge_commit()
    {
        const string head = "9f1c0e3b5d7a2b4c6d8e0f1a3b5c7d9e1f2a4b6c";

        var context = await WithPayload($$"""{ "pull_request": { "head": { "sha": "{{head}}", "ref": "feature" } } }""");

        Assert.Equal(head, context.PullRequestHeadSha);
        Assert.Equal(head, context.HeadSha);
        Assert.Equal(Sha, context.Sha);
    }

    [Theory]
    [InlineData("""{ "ref": "refs/heads/main", "after": "x" }""")]
    [InlineData("""{ "pull_request": { "head": { "sha": 7 } } }""")]
    [InlineData("""[]""")]
    public async Task Other_payloads_keep_github_sha(string payload)
    {
        var context = await WithPayload(payload);

        Assert.Equal(Sha, context.HeadSha);
        Assert.Null(context.EventPayloadProblem);
    }

    [Fact]
    public async Task An_unreadable_payload_keeps_github_sha_and_says_why()
    {
        var context = await WithPayload("{ not json");

        Assert.Equal(Sha, context.HeadSha);
        Assert.Contains("could not be read", context.EventPayloadProblem, StringComparison.Ordinal);
    }

    private static async Task<GitHubActionsContext> WithPayload(string payload)
    {
        var path = Path.Combine(Path.GetTempPath(), $"event-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, payload);
        try
        {
            return await GitHubActionsContextReader.ReadAsync(new Dictionary<string, string>
            {
                ["GITHUB_SHA"] = Sha,
                ["GITHUB_EVENT_PATH"] = path,
            }, CancellationToken.None);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
