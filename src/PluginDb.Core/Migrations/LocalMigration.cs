namespace PluginDb.Core.Migrations;

/// <summary>
/// One migration folder on disk: <c>&lt;migrations&gt;/&lt;Name&gt;/migration.sql</c>. <see cref="Script"/> is the
/// text Prisma would send to the database; <see cref="Checksum"/> the value it would store.
/// </summary>
public sealed record LocalMigration(string Name, string DirectoryPath, string ScriptPath, string Script, string Checksum)
{
    /// <summary>Reads a migration folder's script.</summary>
    public static LocalMigration Read(string directoryPath)
    {
        ArgumentNullException.ThrowIfNull(directoryPath);
        var full = Path.GetFullPath(directoryPath);
        var scriptPath = Path.Combine(full, MigrationFolder.ScriptFileName);
        var bytes = File.ReadAllBytes(scriptPath);
        return new LocalMigration(
            Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)),
            full,
            scriptPath,
            MigrationChecksum.DecodeScript(bytes),
            MigrationChecksum.Compute(bytes));
    }
}
