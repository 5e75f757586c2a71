using System.Text.RegularExpressions;

namespace PluginDb.Build.Tests.Workflows;

/// <summary>
/// Third-party actions run with the job's token, so each is pinned to a full commit SHA (a tag can be
/// moved) with the version beside it for people and Dependabot.
/// </summary>
public sealed partial class WorkflowPinningTests
{
    [Theory]
    [MemberData(nameof(RepositoryYaml.WorkflowData), MemberType = typeof(RepositoryYaml))]
    public void Every_action_a_workflow_uses_is_pinned_to_a_commit_sha(string workflow)
    {
        var uses = UsesLine().Matches(RepositoryYaml.Text(workflow)).Select(m => m.Groups["reference"].Value).ToList();

        Assert.NotEmpty(uses);
        Assert.All(uses, reference => Assert.Matches(Pinned(), reference));
    }

    [Fact]
    public void The_workflows_are_ci_nightly_drift_and_release_and_dependabot_covers_every_ecosystem()
    {
        var dependabot = RepositoryYaml.Json(".github/dependabot.yml");
        var ecosystems = dependabot["updates"]!.AsArray().Select(u => u!["package-ecosystem"]!.GetValue<string>()).Order(StringComparer.Ordinal);

        Assert.Equal([".github/workflows/ci.yml", ".github/workflows/fleet-matrix.example.yml", ".github/workflows/nightly-drift.yml", ".github/workflows/release.yml"], RepositoryYaml.Workflows());
        Assert.Equal(["docker", "github-actions", "nuget"], ecosystems);
    }

    [Theory]
    [InlineData("actions/checkout@v4")]
    [InlineData("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683")]
    [InlineData("actions/checkout@11bd719 # v4.2.2")]
    public void A_tag_a_short_sha_or_a_missing_version_comment_is_not_a_pin(string reference) =>
        Assert.DoesNotMatch(Pinned(), reference);

    [GeneratedRegex(@"^\s*(?:-\s+)?uses:\s*(?<reference>.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex UsesLine();

    [GeneratedRegex(@"^(?:\./\S*|[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(?:\.\d+)*)$")]
    private static partial Regex Pinned();
}
