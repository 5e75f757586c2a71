using System.Text.Json.Nodes;
using Octokit;
using Octokit.Internal;

namespace PluginDb.GitHub.Tests;

/// <summary>
/// The check-run JSON written without reflection (for the native runner) is, value for value, what Octokit's
/// own serializer writes for the same request, and a check run GitHub answers with reads back the same.
/// </summary>
public sealed class CheckRunJsonTests
{
    private static readonly SimpleJsonSerializer Octokit = new();
    private static readonly CheckRunJson Ours = new();

    public static TheoryData<string> Requests() => [.. RequestCases().Keys];

    [Theory]
    [MemberData(nameof(Requests))]
    public void A_request_is_written_as_Octokit_writes_it(string name)
    {
        var request = RequestCases()[name];

        var ours = JsonNode.Parse(Ours.Serialize(request));
        var theirs = JsonNode.Parse(Octokit.Serialize(request));

        Assert.True(JsonNode.DeepEquals(theirs, ours), $"Octokit: {theirs!.ToJsonString()}\nours:    {ours!.ToJsonString()}");
    }

    [Fact]
    public void Times_keep_their_fraction_and_are_written_in_UTC()
    {
        var json = JsonNode.Parse(Ours.Serialize(new CheckRunUpdate
        {
            StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2)),
            CompletedAt = DateTimeOffset.UnixEpoch,
        }))!;

        Assert.Equal("2026-01-02T01:04:05.678Z", json["started_at"]!.GetValue<string>());
        Assert.Equal("1970-01-01T00:00:00Z", json["completed_at"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"id":4000000001,"head_sha":"abc","name":"PluginDb","url":"http://127.0.0.1/x","html_url":"https://github.example/o/r/runs/4000000001","details_url":null,"status":"in_progress","conclusion":null,"started_at":"2026-01-02T01:04:05Z","completed_at":null,"external_id":null,"check_suite":{"id":5},"app":null,"pull_requests":[]}""")]
    [InlineData("""{"id":7,"head_sha":"abc","name":"PluginDb (shard 1/2)","html_url":"https://github.example/o/r/runs/7","details_url":"https://github.example/o/r/actions/runs/1","status":"completed","conclusion":"neutral","started_at":"2026-01-02T01:04:05Z","completed_at":"2026-01-02T01:05:00.25Z"}""")]
    public void A_check_run_reads_as_Octokit_reads_it(string json)
    {
        var ours = Ours.Deserialize<CheckRun>(json);
        var theirs = Octokit.Deserialize<CheckRun>(json);

        Assert.Equal(theirs.Id, ours.Id);
        Assert.Equal(theirs.HtmlUrl, ours.HtmlUrl);
        Assert.Equal(theirs.DetailsUrl, ours.DetailsUrl);
        Assert.Equal(theirs.Name, ours.Name);
        Assert.Equal(theirs.HeadSha, ours.HeadSha);
        Assert.Equal(theirs.Status.Value, ours.Status.Value);
        Assert.Equal(theirs.Conclusion?.Value, ours.Conclusion?.Value);
        Assert.Equal(theirs.StartedAt, ours.StartedAt);
        Assert.Equal(theirs.CompletedAt, ours.CompletedAt);
    }

    [Fact]
    public void Anything_but_a_check_run_request_is_refused_rather_than_written_wrong()
    {
        Assert.Throws<NotSupportedException>(() => Ours.Serialize(new NewRepository("r")));
        Assert.Throws<NotSupportedException>(() => Ours.Deserialize<Repository>("{}"));
    }

    private static Dictionary<string, object> RequestCases()
    {
        var placed = new NewCheckRunAnnotation("plugins/a b/ü.json", 3, 3, CheckAnnotationLevel.Failure, "quotes \" \\ backslash, <html> & é, 😀, \u2028, tab\t, \u0001")
        {
            Title = "SDB100 plugin.json cannot be read",
            RawDetails = "Plugin: a\nline two",
            StartColumn = 14,
            EndColumn = 14,
        };
        var span = new NewCheckRunAnnotation("prisma/schema.prisma", 1, 4, CheckAnnotationLevel.Warning, "m");
        var notice = new NewCheckRunAnnotation("x", 2, 2, CheckAnnotationLevel.Notice, "n") { Title = "t" };
        return new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["create, completed at once"] = new NewCheckRun("PluginDb", "0123456789abcdef0123456789abcdef01234567")
            {
                DetailsUrl = "https://github.example/o/r/actions/runs/1",
                Status = CheckStatus.Completed,
                Conclusion = CheckConclusion.Failure,
                StartedAt = new DateTimeOffset(2026, 11, 28, 12, 0, 0, 125, TimeSpan.Zero),
                CompletedAt = new DateTimeOffset(2026, 11, 28, 13, 0, 1, TimeSpan.FromHours(1)),
                Output = new NewCheckRunOutput("3 findings, the worst of them an error", "## Summary\n| a | b |") { Text = "text", Annotations = [placed, span, notice] },
            },
            ["create, in progress, no annotations"] = new NewCheckRun("PluginDb (shard 1/3)", "abc")
            {
                Status = CheckStatus.InProgress,
                StartedAt = DateTimeOffset.UnixEpoch,
                Output = new NewCheckRunOutput("No findings", "s") { Annotations = [] },
            },
            ["create, bare"] = new NewCheckRun("n", "abc"),
            ["update with a batch"] = new CheckRunUpdate { Output = new NewCheckRunOutput("t", "s") { Text = "x", Annotations = [span] } },
            ["update completing"] = new CheckRunUpdate
            {
                Status = CheckStatus.Completed,
                Conclusion = CheckConclusion.Neutral,
                CompletedAt = new DateTimeOffset(2026, 11, 28, 12, 0, 0, 999, TimeSpan.FromHours(-5)),
                Output = new NewCheckRunOutput("t", "s"),
            },
            ["update completing as success"] = new CheckRunUpdate { Status = CheckStatus.Completed, Conclusion = CheckConclusion.Success, Name = "renamed", DetailsUrl = "https://d", ExternalId = "e" },
        };
    }
}
