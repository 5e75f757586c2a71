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
    /// Reads each plugin's migrations folder at the base from the git checkout that holds the plugin (one
    /// read for a whole repository's folders), by the folders the manifests name: it can start before the
    /// folders themselves are read. Folder → the migrations the base has there.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<BaseMigration>>> ReadAsync(
        IEnumerable<PluginState> plugins, string reference, CancellationToken cancellationToken)
    {
        var checkouts = new List<(GitBase Base, List<string> Folders)>();
        foreach (var plugin in plugins)
        {
            if (plugin.Manifest?.MigrationsPath is not { } folder || !Directory.Exists(folder))
            {
                continue;
            }
            if (checkouts.FirstOrDefault(c => c.Base.Contains(plugin.RootDirectory)) is not { Base: not null } checkout)
            {
                checkout = (await OpenAsync(plugin.RootDirectory, reference, cancellationToken), []);
                checkouts.Add(checkout);
            }
            checkout.Folders.Add(folder);
        }
        var merged = new Dictionary<string, IReadOnlyList<BaseMigration>>(StringComparer.Ordinal);
        foreach (var (gitBase, folders) in checkouts)
        {
            foreach (var (folder, migrations) in await gitBase.MigrationsAsync(folders, cancellationToken))
            {
                merged[folder] = migrations;
            }
        }
        return merged;
    }

    /// <summary>Adds each plugin's findings against what <see cref="ReadAsync"/> read; returns how many migrations the plugins add in all.</summary>
    public static int Check(RunState run, IReadOnlyDictionary<string, IReadOnlyList<BaseMigration>> merged, string reference)
    {
        var added = 0;
        foreach (var plugin in run.Plugins.Where(p => p.Migrations is not null))
        {
            if (plugin.Manifest?.MigrationsPath is not { } path || !merged.TryGetValue(path, out var onBase))
            {
                continue;
            }
            var folder = plugin.Migrations!;
            run.Add(BaseHistoryCheck.Check(folder.Migrations, onBase, reference, plugin.Id, folder.DirectoryPath, run.DisplayBase));
            plugin.NewMigrations = BaseHistoryCheck.NewMigrations(folder.Migrations, onBase);
            run.Add(RehearsalFindings.PrismaWarningsOf(plugin.NewMigrations, plugin.Id, run.DisplayBase));
            added += plugin.NewMigrations.Count;
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
