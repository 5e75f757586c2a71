using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;

namespace PluginDb.Benchmarks;

/// <summary>The shared corpus beside the repository root, read in place.</summary>
internal static class CorpusHistories
{
    public static string? Locate()
    {
        if (RepositoryRoot.Locate() is not { } root)
        {
            return null;
        }
        var corpus = Path.GetFullPath(Path.Combine(root, "..", "shared", "corpus", "prisma"));
        return Directory.Exists(corpus) ? corpus : null;
    }

    /// <summary>The project with the most migrations for <paramref name="provider"/>, and its migrations.</summary>
    public static (string Project, IReadOnlyList<LocalMigration> Migrations) Largest(string corpus, DatabaseProvider provider) =>
        Directory.GetDirectories(corpus)
            .Select(project => (Project: Path.GetFileName(project), Folder: MigrationFolder.Load(Path.Combine(project, "migrations"), provider, Path.GetFileName(project), project)))
            .Where(p => p.Folder.LockProvider == provider)
            .OrderByDescending(p => p.Folder.Migrations.Count)
            .ThenBy(p => p.Project, StringComparer.Ordinal)
            .Select(p => (p.Project, p.Folder.Migrations))
            .First();
}
