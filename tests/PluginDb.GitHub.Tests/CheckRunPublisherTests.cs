using System.Text.Json.Nodes;
using PluginDb.Core.Findings;
using PluginDb.Core.Reports;
using PluginDb.Core.Runs;

namespace PluginDb.GitHub.Tests;

public sealed class CheckRunPublisherTests
{
    private const string Token = "ghs_s3cretTokenValue0123456789abcdef";
    private const string Sha = "ce587453ced02b1526dfb4cb910479d431683101";
    private const string Schema = SharedSchemas.GitHubChecksApi;

    private static readonly DateTimeOffset Started = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    [SchemaTheory(Schema)]
    [InlineData(0, 1, new[] { 0 })]
    [InlineData(1, 1, new[] { 1 })]
    [InlineData(50, 1, new[] { 50 })]
    [InlineData(51, 2, new[] { 50, 1 })]
    [InlineData(120, 3, new[] { 50, 50, 20 })]
    public async Task Annotations_go_in_batches_of_at_most_fifty_each_request_valid(int count, int expectedRequests, int[] perRequest)
    {
        await using var api = new FakeGitHubApi();

        var result = await Publisher(api).PublishAsync(Request(Findings(count)), CancellationToken.None);

        var requests = api.Requests;
        Assert.Equal(CheckRunOutcome.Published, result.Outcome);
        Assert.Equal(expectedRequests, requests.Count);
        Assert.Equal(perRequest, requests.Select(r => r.Annotations));
        Assert.All(requests, r => Assert.InRange(r.Status, 200, 201));
        Assert.Empty(api.ResponseProblems);
        Assert.Equal("POST", requests[0].Method);
        Assert.All(requests.Skip(1), r => Assert.Equal("PATCH", r.Method));
        Assert.Equal(count == 0 || count == 1 || count == 50 ? "completed" : "in_progress", requests[0].Json["status"]!.GetValue<string>());
        Assert.Equal("completed", requests[^1].Json["status"]!.GetValue<string>());
        Assert.Equal(count, result.AnnotationsSent);
        Assert.Equal(expectedRequests, result.Requests);
        Assert.Equal(4_000_000_001L, result.CheckRunId);
    }

    [SchemaFact(Schema)]
    public async Task The_stand_in_refuses_more_than_fifty_annotations_as_github_does()
    {
        // Guards the tests above: the stand-in must reject what GitHub rejects, or they could not fail.
        await using var api = new FakeGitHubApi();
        var annotations = new JsonArray(Enumerable.Range(1, 51).Select(i => (JsonNode?)new JsonObject
        {
            ["path"] = "a.sql", ["start_line"] = i, ["end_line"] = i, ["annotation_level"] = "warning", ["message"] = "m",
        }).ToArray());
        var body = new JsonObject
        {
            ["name"] = "PluginDb", ["head_sha"] = Sha, ["status"] = "completed", ["conclusion"] = "neutral",
            ["output"] = new JsonObject { ["title"] = "t", ["summary"] = "s", ["annotations"] = annotations },
        };
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(api.ApiUrl, "repos/sovereign/plugins/check-runs"),
            new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Contains("Invalid request", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SchemaFact(Schema)]
    public async Task Annotations_carry_position_level_title_and_details_with_columns_only_on_one_line()
    {
        await using var api = new FakeGitHubApi();
        var oneLine = FindingCodes.MigrationFailed.Create("syntax error", plugin: "papertrail", file: "plugins/papertrail/m.sql", line: 3, column: 7);
        var span = FindingCodes.LockFileMissing.Create("no lock file", plugin: "papertrail", file: "plugins/papertrail/m.sql", line: 2, column: 4, endLine: 5);
        var notice = FindingCodes.StorageNearLimit.Create(Severity.Notice, "82 %", plugin: "notes", file: "plugins/notes/plugin.json");
        var nowhere = FindingCodes.DatasourceUnreachable.Create("down", plugin: "notes");

        await Publisher(api).PublishAsync(Request([notice, span, oneLine, nowhere]), CancellationToken.None);

        var sent = api.Requests.Single().Json["output"]!["annotations"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.Equal(["failure", "warning", "notice"], sent.Select(a => a["annotation_level"]!.GetValue<string>()));
        Assert.Equal(3, sent[0]["start_line"]!.GetValue<int>());
        Assert.Equal(3, sent[0]["end_line"]!.GetValue<int>());
        Assert.Equal(7, sent[0]["start_column"]!.GetValue<int>());
        Assert.Equal(7, sent[0]["end_column"]!.GetValue<int>());
        Assert.Equal("SDB201 Migration failed", sent[0]["title"]!.GetValue<string>());
        Assert.Equal("syntax error", sent[0]["message"]!.GetValue<string>());
        Assert.Contains("Plugin: papertrail", sent[0]["raw_details"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(FindingCodes.MigrationFailed.HelpUri, sent[0]["raw_details"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(5, sent[1]["end_line"]!.GetValue<int>());
        Assert.False(sent[1].ContainsKey("start_column"));
        Assert.False(sent[1].ContainsKey("end_column"));
        Assert.Equal(1, sent[2]["start_line"]!.GetValue<int>());
    }

    [SchemaTheory(Schema)]
    [InlineData(new Severity[0], FailOn.Error, "success")]
    [InlineData(new[] { Severity.Error }, FailOn.Error, "failure")]
    [InlineData(new[] { Severity.Warning }, FailOn.Error, "neutral")]
    [InlineData(new[] { Severity.Warning }, FailOn.Warning, "failure")]
    [InlineData(new[] { Severity.Notice }, FailOn.Warning, "neutral")]
    [InlineData(new[] { Severity.Notice }, FailOn.Notice, "failure")]
    [InlineData(new[] { Severity.Error, Severity.Notice }, FailOn.Never, "neutral")]
    [InlineData(new Severity[0], FailOn.Never, "success")]
    public async Task Conclusion_follows_the_worst_finding_and_fail_on(Severity[] severities, FailOn failOn, string conclusion)
    {
        await using var api = new FakeGitHubApi();
        var findings = severities.Select((s, i) => FindingCodes.MigrationFailed.Create(s, "m", file: $"f{i}.sql", line: 1)).ToList();

        var result = await Publisher(api).PublishAsync(Request(findings) with { FailOn = failOn }, CancellationToken.None);

        Assert.Equal(conclusion, api.Requests[^1].Json["conclusion"]!.GetValue<string>());
        Assert.Contains("as " + conclusion, result.Message, StringComparison.Ordinal);
        Assert.Equal(conclusion, CheckRunPublisher.ConclusionFor(findings, failOn).ToString().ToLowerInvariant());
    }

    [SchemaFact(Schema)]
    public async Task A_summary_over_the_limit_is_cut_with_a_note_pointing_at_summary_md()
    {
        await using var api = new FakeGitHubApi();
        var summary = string.Concat(Enumerable.Repeat("| plugin | finding |\n", 4000));
        const string runUrl = "https://github.com/sovereign/plugins/actions/runs/42";

        await Publisher(api).PublishAsync(Request(Findings(3)) with { Summary = summary, DetailsUrl = runUrl }, CancellationToken.None);

        var sent = api.Requests.Single().Json["output"]!["summary"]!.GetValue<string>();
        Assert.True(summary.Length > CheckRunPublisher.OutputLimit);
        Assert.InRange(sent.Length, CheckRunPublisher.OutputLimit - 200, CheckRunPublisher.OutputLimit);
        Assert.Contains("`summary.md`", sent, StringComparison.Ordinal);
        Assert.Contains(runUrl, sent, StringComparison.Ordinal);
        Assert.StartsWith(sent[..sent.IndexOf("\n\n---", StringComparison.Ordinal)] + "\n", summary, StringComparison.Ordinal);
    }

    [SchemaFact(Schema)]
    public async Task A_summary_at_the_limit_is_sent_unchanged()
    {
        await using var api = new FakeGitHubApi();
        var summary = new string('x', CheckRunPublisher.OutputLimit);

        await Publisher(api).PublishAsync(Request([]) with { Summary = summary }, CancellationToken.None);

        Assert.Equal(summary, api.Requests.Single().Json["output"]!["summary"]!.GetValue<string>());
        Assert.Equal(201, api.Requests.Single().Status);
    }

    [SchemaFact(Schema)]
    public async Task A_read_only_token_falls_back_without_throwing()
    {
        await using var api = new FakeGitHubApi(access: FakeTokenAccess.ReadOnly);

        var result = await Publisher(api).PublishAsync(Request(Findings(2)), CancellationToken.None);

        Assert.True(result.FellBack);
        Assert.Contains("403", result.Message, StringComparison.Ordinal);
        Assert.Contains("Resource not accessible by integration", result.Message, StringComparison.Ordinal);
        Assert.Contains("checks: write", result.Message, StringComparison.Ordinal);
        Assert.Null(result.CheckRunId);
        Assert.Single(api.Requests);
    }

    [SchemaFact(Schema)]
    public async Task A_repository_the_token_cannot_see_falls_back()
    {
        await using var api = new FakeGitHubApi(access: FakeTokenAccess.NoRepository);

        var result = await Publisher(api).PublishAsync(Request(Findings(1)), CancellationToken.None);

        Assert.Equal(CheckRunOutcome.FellBack, result.Outcome);
        Assert.Contains("404", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_token_falls_back_without_a_request()
    {
        var publisher = new CheckRunPublisher(new Uri("http://127.0.0.1:9/"), token: " ");

        var result = await publisher.PublishAsync(Request(Findings(1)), CancellationToken.None);

        Assert.True(result.FellBack);
        Assert.Equal(0, result.Requests);
        Assert.Contains("No token", result.Message, StringComparison.Ordinal);
    }

    [SchemaFact(Schema)]
    public async Task An_invalid_request_gives_a_clear_error_result()
    {
        await using var api = new FakeGitHubApi(knownCommit: Sha);

        var result = await Publisher(api).PublishAsync(Request(Findings(1)) with { HeadSha = "0000000000000000000000000000000000000000" }, CancellationToken.None);

        Assert.Equal(CheckRunOutcome.Failed, result.Outcome);
        Assert.Contains("422", result.Message, StringComparison.Ordinal);
        Assert.Contains("No commit found for SHA", result.Message, StringComparison.Ordinal);
    }

    [SchemaFact(Schema)]
    public async Task A_batch_refused_after_the_create_still_completes_the_run()
    {
        await using var api = new FakeGitHubApi(refuseRequest: 2);

        var result = await Publisher(api).PublishAsync(Request(Findings(120)), CancellationToken.None);

        Assert.Equal(CheckRunOutcome.Failed, result.Outcome);
        Assert.Contains("422", result.Message, StringComparison.Ordinal);
        Assert.Equal(4_000_000_001L, result.CheckRunId);
        Assert.Equal(50, result.AnnotationsSent);
        Assert.Equal([201, 422, 200], api.Requests.Select(r => r.Status));
        Assert.Equal("completed", api.Requests[^1].Json["status"]!.GetValue<string>());
        Assert.Equal("neutral", api.Requests[^1].Json["conclusion"]!.GetValue<string>());
        Assert.EndsWith("(only 50 of 120 annotations could be sent)", api.Requests[^1].Json["output"]!["title"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [SchemaFact(Schema)]
    public async Task Overlong_messages_are_clipped_to_what_github_accepts()
    {
        await using var api = new FakeGitHubApi();
        var finding = Findings(1)[0] with { Message = new string('m', 70_000), Title = new string('t', 300) };

        var result = await Publisher(api).PublishAsync(Request([finding]), CancellationToken.None);

        var annotation = api.Requests.Single().Json["output"]!["annotations"]![0]!;
        Assert.Equal(CheckRunOutcome.Published, result.Outcome);
        Assert.Equal(64 * 1024 - 1, annotation["message"]!.GetValue<string>().Length);
        Assert.Equal(255, annotation["title"]!.GetValue<string>().Length);
    }

    [SchemaFact(Schema)]
    public async Task Enterprise_server_api_urls_keep_their_api_v3_path()
    {
        await using var api = new FakeGitHubApi(basePath: "/api/v3/");
        var withoutSlash = new Uri(api.ApiUrl.AbsoluteUri.TrimEnd('/'));

        var result = await new CheckRunPublisher(withoutSlash, Token).PublishAsync(Request(Findings(51)), CancellationToken.None);

        Assert.Equal(CheckRunOutcome.Published, result.Outcome);
        Assert.Equal("/api/v3/repos/sovereign/plugins/check-runs", api.Requests[0].Path);
        Assert.Equal("/api/v3/repos/sovereign/plugins/check-runs/4000000001", api.Requests[1].Path);
    }

    [SchemaFact(Schema)]
    public async Task A_github_com_style_api_url_is_used_at_its_root()
    {
        await using var api = new FakeGitHubApi(basePath: "/");

        await Publisher(api).PublishAsync(Request([]), CancellationToken.None);

        Assert.Equal("/repos/sovereign/plugins/check-runs", api.Requests.Single().Path);
    }

    [SchemaFact(Schema)]
    public async Task The_check_run_goes_on_the_pull_requests_head_commit_from_the_event_payload()
    {
        const string prHead = "9f1c0e3b5d7a2b4c6d8e0f1a3b5c7d9e1f2a4b6c";
        var payload = Path.Combine(Path.GetTempPath(), $"event-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(payload, $$"""{ "action": "synchronize", "number": 7, "pull_request": { "head": { "sha": "{{prHead}}" } } }""");
        try
        {
            await using var api = new FakeGitHubApi(knownCommit: prHead);
            var context = await GitHubActionsContextReader.ReadAsync(new Dictionary<string, string>
            {
                ["GITHUB_API_URL"] = api.ApiUrl.AbsoluteUri,
                ["GITHUB_REPOSITORY"] = "sovereign/plugins",
                ["GITHUB_SHA"] = Sha,
                ["GITHUB_EVENT_NAME"] = "pull_request",
                ["GITHUB_EVENT_PATH"] = payload,
            }, CancellationToken.None);

            var request = Request(Findings(1)) with { Owner = context.RepositoryOwner!, Repository = context.RepositoryName!, HeadSha = context.HeadSha! };
            var result = await new CheckRunPublisher(context.ApiUrl, Token).PublishAsync(request, CancellationToken.None);

            Assert.Equal(CheckRunOutcome.Published, result.Outcome);
            Assert.Equal(prHead, api.Requests.Single().Json["head_sha"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(payload);
        }
    }

    [SchemaFact(Schema)]
    public async Task The_token_is_sent_as_authorization_and_appears_in_no_message()
    {
        await using var granted = new FakeGitHubApi();
        await using var readOnly = new FakeGitHubApi(access: FakeTokenAccess.ReadOnly);
        await using var unknownCommit = new FakeGitHubApi(knownCommit: "not-this-one");

        var results = new[]
        {
            await Publisher(granted).PublishAsync(Request(Findings(51)), CancellationToken.None),
            await Publisher(readOnly).PublishAsync(Request(Findings(1)), CancellationToken.None),
            await Publisher(unknownCommit).PublishAsync(Request(Findings(1)) with { HeadSha = Token }, CancellationToken.None),
        };

        var requests = granted.Requests.Concat(readOnly.Requests).Concat(unknownCommit.Requests).ToList();
        Assert.All(requests, r => Assert.Matches($"^(?i:token|bearer) {Token}$", r.Authorization));
        Assert.All(requests, r => Assert.StartsWith("PluginDb.Ci/", r.UserAgent, StringComparison.Ordinal));
        Assert.All(results, r => Assert.DoesNotContain(Token, r.Message, StringComparison.Ordinal));
        Assert.All(results, r => Assert.DoesNotContain(Token, r.ToString(), StringComparison.Ordinal));
        // The third message quoted the SHA the server echoed, which here was the token itself.
        Assert.Contains("***", results[2].Message, StringComparison.Ordinal);
    }

    [SchemaFact(Schema)]
    public async Task Cancellation_stops_publishing()
    {
        await using var api = new FakeGitHubApi();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Publisher(api).PublishAsync(Request(Findings(1)), cancelled.Token));
        Assert.Empty(api.Requests);
    }

    [Fact]
    public void Shards_get_names_of_their_own()
    {
        Assert.Equal("PluginDb (shard 1/3)", CheckRunRequest.NameFor("PluginDb", 1, 3));
        Assert.Equal("PluginDb", CheckRunRequest.NameFor("PluginDb", 1, 1));
        Assert.Equal("PluginDb", CheckRunRequest.NameFor("PluginDb"));
    }

    private static CheckRunPublisher Publisher(FakeGitHubApi api) => new(api.ApiUrl, Token);

    private static CheckRunRequest Request(IReadOnlyList<Finding> findings) => new(
        "sovereign",
        "plugins",
        Sha,
        "PluginDb (shard 1/3)",
        new RunReport("plugindb", "0.1.0", Started, Started.AddSeconds(12), [], findings),
        FailOn.Error,
        "## PluginDb\n\nSummary.\n");

    private static List<Finding> Findings(int count) => Enumerable.Range(1, count)
        .Select(i => FindingCodes.LockFileMissing.Create($"finding {i}", plugin: "papertrail", file: $"plugins/papertrail/m{i}.sql", line: i, column: 1))
        .ToList();
}
