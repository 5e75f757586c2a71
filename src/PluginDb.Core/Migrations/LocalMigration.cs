namespace PluginDb.Core.Migrations;

/// <summary>
/// One migration folder on disk: <c>&lt;migrations&gt;/&lt;Name&gt;/migration.sql</c>. <see cref="Script"/> is the
/// text Prisma would send to the database; <see cref="Checksum"/> the value it would store.
/// </summary>
public sealed record LocalMigration(string Name, string DirectoryPath, string ScriptPath, string Script)
{
    /// <summary>A migration whose checksum is given rather than computed from its script.</summary>
    public LocalMigration(string name, string directoryPath, string scriptPath, string script, string checksum)
        : this(name, directoryPath, scriptPath, script)
    {
        Checksum = checksum;
    }

    /// <summary>
    /// The checksum of <see cref="Script"/> (<see cref="MigrationChecksum.Of"/>), unless one was given. Computed
    /// when asked for, not when the folder is read: hashing loads OpenSSL, which costs a run that only
    /// validates 5–10 ms of its start-up (docs/benchmarks.md, "Start-up").
    /// </summary>
    public string Checksum
    {
        get => field ?? MigrationChecksum.Of(Script);
        init;
    }

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
            MigrationChecksum.DecodeScript(bytes));
    }

    /// <summary>Equal when every part is, the checksum by value whether it was given or computed.</summary>
    public bool Equals(LocalMigration? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(DirectoryPath, other.DirectoryPath, StringComparison.Ordinal)
        && string.Equals(ScriptPath, other.ScriptPath, StringComparison.Ordinal)
        && string.Equals(Script, other.Script, StringComparison.Ordinal)
        && string.Equals(Checksum, other.Checksum, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Name, DirectoryPath, ScriptPath, Script);
}
