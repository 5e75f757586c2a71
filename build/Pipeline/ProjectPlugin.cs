using System.Text.RegularExpressions;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Prisma;

namespace PluginDb.Build.Pipeline;

/// <summary>
/// A bare Prisma project (<c>--project</c>) seen as one exclusive plugin: the folder holding
/// <c>schema.prisma</c> and <c>migrations/</c>, or a repository whose <c>prisma/</c> folder does.
/// Its provider comes from <c>migration_lock.toml</c>, else from the schema's datasource block.
/// </summary>
internal static partial class ProjectPlugin
{
    public static PluginManifest Load(string projectArgument, string workingDirectory)
    {
        var folder = Path.GetFullPath(projectArgument, workingDirectory);
        if (!Directory.Exists(folder))
        {
            throw new BuildStop(Core.Runs.ExitCodes.UsageError, $"--project {projectArgument}: no such folder.");
        }
        if (!Directory.Exists(Path.Combine(folder, "migrations")) && Directory.Exists(Path.Combine(folder, "prisma", "migrations")))
        {
            folder = Path.Combine(folder, "prisma");
        }
        var migrations = Path.Combine(folder, "migrations");
        if (!Directory.Exists(migrations))
        {
            throw new BuildStop(Core.Runs.ExitCodes.UsageError,
                $"--project {projectArgument}: found neither migrations/ nor prisma/migrations/ in it.");
        }

        var provider = MigrationFolder.LockProviderOf(migrations)
            ?? SchemaProvider(folder)
            ?? throw new BuildStop(Core.Runs.ExitCodes.UsageError,
                $"--project {projectArgument}: neither migrations/migration_lock.toml nor schema.prisma names the provider.");

        var id = Id(folder);
        var database = provider == DatabaseProvider.Postgresql
            // A project's own database: its schema is public, as in the project's production database.
            ? new DatabaseSection(DatabaseMode.ExclusivePostgres, provider, "public", new MigrationsSection("migrations", null), DatabaseLimits.None)
            : new DatabaseSection(DatabaseMode.ExclusiveSqlite, provider, null, new MigrationsSection("migrations", null), DatabaseLimits.None);
        var schemaFile = Path.Combine(folder, "schema.prisma");
        return new PluginManifest(id, null, 2, database, folder, File.Exists(schemaFile) ? schemaFile : migrations);
    }

    /// <summary>The provider of the project's Prisma schema (one file or a schema folder), read by the schema parser.</summary>
    private static DatabaseProvider? SchemaProvider(string folder) =>
        PrismaSchemaLocator.Load(folder, "migrations") is { Count: > 0 } files ? PrismaSchemaParser.Parse(files).Provider : null;

    /// <summary>The project's name as a plugin id: its folder, or the repository's when the folder is <c>prisma/</c>.</summary>
    private static string Id(string folder)
    {
        var name = Path.GetFileName(folder);
        if (name == "prisma" && Path.GetDirectoryName(folder) is { } parent)
        {
            name = Path.GetFileName(parent);
        }
        var id = NotAnIdCharacter().Replace(name.ToLowerInvariant(), "-").Trim('-', '.', '_');
        return id.Length == 0 ? "project" : id;
    }

    [GeneratedRegex("[^a-z0-9._-]+")]
    private static partial Regex NotAnIdCharacter();
}
