using PluginDb.Core.Findings;

namespace PluginDb.Datasources.EntryPoints;

/// <summary>
/// What a plugin's migration entry point did. <see cref="ExitCode"/> is null when it was killed
/// (timeout) or could not start. Output is captured up to a bound; <see cref="OutputTruncated"/> says when more was dropped.
/// </summary>
public sealed record EntryPointResult(
    int? ExitCode,
    string StandardOutput,
    string StandardError,
    bool OutputTruncated,
    TimeSpan Duration,
    bool TimedOut,
    IReadOnlyList<Finding> Findings)
{
    public bool Successful => ExitCode == 0 && !TimedOut;
}
