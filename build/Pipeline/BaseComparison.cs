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
    /// (one for a whole repository: its migrations folders in one read); returns how many migrations the
    /// plugins add in all.
    /// </summary>
    public static async Task<int> CheckAsync(RunState run, string reference, CancellationToken cancellationToken)
    {
        var checkouts = new List<(GitBase Base, List<PluginState> Plugins)>();
        foreach (var plugin in run.Plugins.Where(p => p.Migrations is not null))
        {
            if (checkouts.FirstOrDefault(c => c.Base.Contains(plugin.RootDirectory)) is not { Base: not null } checkout)
            {
                checkout = (await OpenAsync(plugin.RootDirectory, reference, cancellationToken), []);
                checkouts.Add(checkout);
            }
            checkout.Plugins.Add(plugin);
        }
        var added = 0;
        foreach (var (gitBase, plugins) in checkouts)
        {
            var merged = await gitBase.MigrationsAsync([.. plugins.Select(p => p.Migrations!.DirectoryPath)], cancellationToken);
            foreach (var plugin in plugins)
            {
                var folder = plugin.Migrations!;
                run.Add(BaseHistoryCheck.Check(folder.Migrations, merged[folder.DirectoryPath], reference, plugin.Id, folder.DirectoryPath, run.DisplayBase));
                plugin.NewMigrations = BaseHistoryCheck.NewMigrations(folder.Migrations, merged[folder.DirectoryPath]);
                run.Add(RehearsalFindings.PrismaWarningsOf(plugin.NewMigrations, plugin.Id, run.DisplayBase));
                added += plugin.NewMigrations.Count;
            }
        }
        return added;
    }

    private static async Task<GitBase> OpenAsync(string directory, string reference, CancellationToken cancellationToken)
    {
        try
        {
            return await GitBase.OpenAsync(directory, reference, cancellationToken);
        }
        catch (GitBaseException exception)
        {
            throw new BuildStop(ExitCodes.UsageError, "--base: " + exception.Message, exception);
        }
    }
}
