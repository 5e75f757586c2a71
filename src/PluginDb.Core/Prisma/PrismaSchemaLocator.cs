namespace PluginDb.Core.Prisma;

/// <summary>
/// Finds a plugin's Prisma schema where the design says it lies, in this order: beside the migrations
/// folder (<c>&lt;migrations&gt;/../schema.prisma</c>), <c>prisma/schema.prisma</c>, then
/// <c>schema.prisma</c> next to plugin.json. At each place a folder <c>schema/</c> of <c>.prisma</c>
/// files (Prisma's multi-file schema) counts as well.
/// </summary>
public static class PrismaSchemaLocator
{
    /// <summary>The files of the schema, in ordinal name order; empty when the plugin has none.</summary>
    public static IReadOnlyList<string> Find(string pluginDirectory, string? migrationsDirectory)
    {
        ArgumentNullException.ThrowIfNull(pluginDirectory);
        var places = new List<string>();
        if (migrationsDirectory is not null)
        {
            places.Add(Path.GetFullPath(Path.Combine(pluginDirectory, migrationsDirectory, "..")));
        }
        places.Add(Path.Combine(pluginDirectory, "prisma"));
        places.Add(pluginDirectory);
        foreach (var place in places)
        {
            var single = Path.Combine(place, "schema.prisma");
            if (File.Exists(single))
            {
                return [single];
            }
            var folder = Path.Combine(place, "schema");
            if (Directory.Exists(folder))
            {
                var files = Directory.GetFiles(folder, "*.prisma", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
                if (files.Count > 0)
                {
                    return files;
                }
            }
        }
        return [];
    }

    /// <summary>Reads the files <see cref="Find"/> names; each is named by its path relative to <paramref name="pluginDirectory"/>, with '/'.</summary>
    public static IReadOnlyList<PrismaSourceFile> Load(string pluginDirectory, string? migrationsDirectory) =>
        Find(pluginDirectory, migrationsDirectory)
            .Select(path => new PrismaSourceFile(Path.GetRelativePath(pluginDirectory, path).Replace('\\', '/'), File.ReadAllText(path)))
            .ToList();
}
