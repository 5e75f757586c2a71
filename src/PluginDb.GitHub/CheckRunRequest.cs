using System.Globalization;
using PluginDb.Core.Reports;
using PluginDb.Core.Runs;

namespace PluginDb.GitHub;

/// <summary>
/// One check run to publish. <see cref="Summary"/> is the job summary's Markdown (MarkdownSummaryRenderer),
/// rendered by the caller; the publisher shortens it to GitHub's limit. <see cref="DetailsUrl"/> is the
/// workflow run's page (<see cref="GitHubActionsContext.RunUrl"/>), where summary.md is kept as an artifact.
/// </summary>
public sealed record CheckRunRequest(
    string Owner,
    string Repository,
    string HeadSha,
    string Name,
    RunReport Report,
    FailOn FailOn,
    string Summary,
    string? Text = null,
    string? DetailsUrl = null)
{
    /// <summary>
    /// "PluginDb" or "PluginDb (shard 1/3)": each shard of a matrix needs a name of its own, or the check runs
    /// of the shards would look like one check re-run.
    /// </summary>
    public static string NameFor(string workflow, int? shard = null, int? shardCount = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflow);
        return shard is { } index && shardCount is { } count && count > 1
            ? string.Create(CultureInfo.InvariantCulture, $"{workflow} (shard {index}/{count})")
            : workflow;
    }
}
