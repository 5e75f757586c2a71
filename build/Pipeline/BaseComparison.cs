using PluginDb.Core.Migrations;
using PluginDb.Core.Runs;
using PluginDb.Datasources.Git;

namespace PluginDb.Build.Pipeline;

/// <summary>
/// <c>--base &lt;ref&gt;</c>: each plugin's migrations against the same folder at the base, as git has it
/// (Core's <see cref="BaseHistoryCheck"/>); a base git cannot read is a usage error.
/// </summary>
internal static class BaseComparison
{
    /// <summary>
    /// The base to compare with: <paramref name="given"/>, else in GitHub Actions on a pull request the
    /// target branch as actions/checkout fetches it (<c>origin/&lt;GITHUB_BASE_REF&gt;</c>); null for none.
    /// </summary>
    public static string? Reference(string? given, Func<string, string?> environment) =>
        !string.IsNullOrWhiteSpace(given) ? given
        : environment("GITHUB_EVENT_NAME") is "pull_request" or "pull_request_target" && environment("GITHUB_BASE_REF") is { Length: > 0 } target ? "origin/" + target
        : null;

    /// <summary>Adds each plugin's findings against the base; returns how many migrations the plugins add in all.</summary>
    public static async Task<int> CheckAsync(RunState run, string reference, string workingDirectory, CancellationToken cancellationToken)
    {
        GitBase gitBase;
        try
        {
            gitBase = await GitBase.OpenAsync(workingDirectory, reference, cancellationToken);
        }
        catch (GitBaseException exception)
        {
            throw new BuildStop(ExitCodes.UsageError, "--base: " + exception.Message, exception);
        }
        var added = 0;
        foreach (var plugin in run.Plugins.Where(p => p.Migrations is not null))
        {
            var folder = plugin.Migrations!;
            var merged = await gitBase.MigrationsAsync(folder.DirectoryPath, cancellationToken);
            run.Add(BaseHistoryCheck.Check(folder.Migrations, merged, reference, plugin.Id, folder.DirectoryPath, run.DisplayBase));
            plugin.NewMigrations = BaseHistoryCheck.NewMigrations(folder.Migrations, merged);
            added += plugin.NewMigrations.Count;
        }
        return added;
    }
}
