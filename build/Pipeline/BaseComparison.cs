using PluginDb.Core.Migrations;
using PluginDb.Core.Rehearsal;
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

    /// <summary>
    /// Adds each plugin's findings against the base, read from the git checkout that holds the plugin
    /// (<paramref name="workingDirectory"/>'s where that is all one); returns how many migrations the
    /// plugins add in all.
    /// </summary>
    public static async Task<int> CheckAsync(RunState run, string reference, string workingDirectory, CancellationToken cancellationToken)
    {
        var added = 0;
        var checkouts = new Dictionary<string, GitBase>(StringComparer.Ordinal);
        foreach (var plugin in run.Plugins.Where(p => p.Migrations is not null))
        {
            var folder = plugin.Migrations!;
            var directory = Directory.Exists(plugin.RootDirectory) ? plugin.RootDirectory : workingDirectory;
            if (!checkouts.TryGetValue(directory, out var gitBase))
            {
                try
                {
                    checkouts[directory] = gitBase = await GitBase.OpenAsync(directory, reference, cancellationToken);
                }
                catch (GitBaseException exception)
                {
                    throw new BuildStop(ExitCodes.UsageError, "--base: " + exception.Message, exception);
                }
            }
            var merged = await gitBase.MigrationsAsync(folder.DirectoryPath, cancellationToken);
            run.Add(BaseHistoryCheck.Check(folder.Migrations, merged, reference, plugin.Id, folder.DirectoryPath, run.DisplayBase));
            plugin.NewMigrations = BaseHistoryCheck.NewMigrations(folder.Migrations, merged);
            run.Add(RehearsalFindings.PrismaWarningsOf(plugin.NewMigrations, plugin.Id, run.DisplayBase));
            added += plugin.NewMigrations.Count;
        }
        return added;
    }
}
