namespace PluginDb.Benchmarks;

/// <summary>
/// A working copy Prisma checks, and the <c>DATABASE_URL</c> it is given (SQLite: an in-memory shadow;
/// PostgreSQL: a server on which it creates and drops its shadow database). <see cref="SchemaPath"/> is
/// the schema file or folder, relative to <see cref="Directory"/>.
/// </summary>
internal sealed record PrismaCopy(string Directory, string DatabaseUrl, string SchemaPath)
{
    /// <summary>Replaces the schema with <paramref name="files"/> (name, text), without what Prisma 7 rejects in them.</summary>
    public void WriteSchema(IReadOnlyList<(string Name, string Text)> files)
    {
        var target = Path.Combine(Directory, SchemaPath);
        if (SchemaPath.EndsWith(".prisma", StringComparison.Ordinal))
        {
            File.WriteAllText(target, PrismaPeer.StripForPrisma7(files[0].Text));
            return;
        }
        if (System.IO.Directory.Exists(target))
        {
            System.IO.Directory.Delete(target, recursive: true);
        }
        System.IO.Directory.CreateDirectory(target);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(target, name), PrismaPeer.StripForPrisma7(text));
        }
    }
}
