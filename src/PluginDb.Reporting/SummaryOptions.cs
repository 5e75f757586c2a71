using PluginDb.Core.Runs;

namespace PluginDb.Reporting;

/// <summary>
/// What the job summary needs beyond the report. With <see cref="ServerUrl"/>, <see cref="Repository"/>
/// and <see cref="CommitSha"/> all set (GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA, read by build/),
/// finding locations become links to the file at that commit.
/// </summary>
public sealed record SummaryOptions(
    FailOn FailOn = FailOn.Error,
    string? ServerUrl = null,
    string? Repository = null,
    string? CommitSha = null)
{
    public static SummaryOptions Default { get; } = new();

    internal bool CanLink =>
        !string.IsNullOrEmpty(ServerUrl) && !string.IsNullOrEmpty(Repository) && !string.IsNullOrEmpty(CommitSha);
}
