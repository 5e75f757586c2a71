using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;

namespace PluginDb.Datasources.Tests.Support;

/// <summary>
/// The shared corpus of real Prisma histories, read in place from <c>../shared/corpus/prisma</c> beside
/// the repository (its files belong to their authors and are not copied into the repository).
/// </summary>
public static class Corpus
{
    /// <summary>The folder holding one sub-folder per project, or null when this checkout has no corpus beside it.</summary>
    public static string? PrismaDirectory { get; } = Locate();

    public static string MissingMessage =>
        "The Prisma corpus (../shared/corpus/prisma beside the repository root) is absent in this checkout; corpus tests do not run.";

    /// <summary>The names of the corpus projects whose migration_lock.toml says sqlite.</summary>
    public static IEnumerable<object[]> SqliteProjects() => ProjectsFor(DatabaseProvider.Sqlite);

    /// <summary>The names of the corpus projects whose migration_lock.toml says postgresql.</summary>
    public static IEnumerable<object[]> PostgresProjects() => ProjectsFor(DatabaseProvider.Postgresql);

    private static IEnumerable<object[]> ProjectsFor(DatabaseProvider provider) =>
        PrismaDirectory is null
            ? []
            : Directory.GetDirectories(PrismaDirectory)
                .Where(project => MigrationFolder.Load(Path.Combine(project, "migrations"), null, null, project).LockProvider == provider)
                .Select(project => new object[] { Path.GetFileName(project) })
                .OrderBy(p => (string)p[0], StringComparer.Ordinal);

    public static string MigrationsOf(string project) =>
        Path.Combine(PrismaDirectory ?? throw new InvalidOperationException(MissingMessage), project, "migrations");

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PluginDb.Ci.sln")))
            {
                var corpus = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus", "prisma"));
                return Directory.Exists(corpus) ? corpus : null;
            }
        }
        return null;
    }
}
