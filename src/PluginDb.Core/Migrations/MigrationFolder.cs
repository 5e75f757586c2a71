using System.Text.RegularExpressions;
using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;

namespace PluginDb.Core.Migrations;

/// <summary>Reads a Prisma migrations directory: <c>&lt;name&gt;/migration.sql</c> folders and <c>migration_lock.toml</c>.</summary>
public static partial class MigrationFolder
{
    public const string ScriptFileName = "migration.sql";
    public const string LockFileName = "migration_lock.toml";

    /// <summary>
    /// Loads the migrations in ordinal folder-name order (the platform's rule; the Prisma CLI itself
    /// sorts with JavaScript's <c>localeCompare</c>, which agrees for the usual timestamp names).
    /// <paramref name="expectedProvider"/> is the manifest's provider, checked against the lock file as
    /// Prisma's P3019 does; null takes the lock file's provider as given (a bare <c>--project</c>).
    /// Files in the directory other than the lock file are ignored, as Prisma ignores them.
    /// </summary>
    public static MigrationFolderResult Load(
        string migrationsDirectory,
        DatabaseProvider? expectedProvider,
        string? pluginId,
        string displayBase)
    {
        ArgumentNullException.ThrowIfNull(migrationsDirectory);
        ArgumentNullException.ThrowIfNull(displayBase);
        var directory = Path.GetFullPath(migrationsDirectory);
        var findings = new List<Finding>();
        if (!Directory.Exists(directory))
        {
            findings.Add(FindingCodes.PathNotFound.Create(
                $"The migrations directory {DisplayPath.Of(directory, displayBase)} does not exist.",
                pluginId,
                DisplayPath.Of(directory, displayBase)));
            return new MigrationFolderResult(directory, [], null, findings);
        }

        var lockProvider = ReadLockFile(directory, expectedProvider, pluginId, displayBase, findings);

        var migrations = new List<LocalMigration>();
        var folders = Directory.GetDirectories(directory);
        Array.Sort(folders, StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            if (!File.Exists(Path.Combine(folder, ScriptFileName)))
            {
                findings.Add(FindingCodes.MigrationScriptMissing.Create(
                    $"The migration folder {Path.GetFileName(folder)} has no {ScriptFileName}; Prisma cannot apply it. Add the script or remove the folder.",
                    pluginId,
                    DisplayPath.Of(folder, displayBase)));
                continue;
            }
            migrations.Add(LocalMigration.Read(folder));
        }

        return new MigrationFolderResult(directory, migrations, lockProvider, findings);
    }

    /// <summary>The provider <c>migration_lock.toml</c> of <paramref name="migrationsDirectory"/> names, or null; reads no migration.</summary>
    public static DatabaseProvider? LockProviderOf(string migrationsDirectory)
    {
        ArgumentNullException.ThrowIfNull(migrationsDirectory);
        var directory = Path.GetFullPath(migrationsDirectory);
        return Directory.Exists(directory) ? ReadLockFile(directory, null, null, directory, []) : null;
    }

    private static DatabaseProvider? ReadLockFile(
        string directory,
        DatabaseProvider? expectedProvider,
        string? pluginId,
        string displayBase,
        List<Finding> findings)
    {
        var lockPath = Path.Combine(directory, LockFileName);
        if (!File.Exists(lockPath))
        {
            findings.Add(FindingCodes.LockFileMissing.Create(
                $"{LockFileName} is missing in {DisplayPath.Of(directory, displayBase)}; `prisma migrate dev` writes it to pin the provider the history was written for.",
                pluginId,
                DisplayPath.Of(directory, displayBase)));
            return null;
        }

        var text = File.ReadAllText(lockPath);
        var match = ProviderLine().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var written = match.Groups["value"].Value;
        var lockProvider = ManifestNames.ParseProvider(written);
        if (expectedProvider is { } expected && lockProvider != expected)
        {
            var position = SourcePosition.FromOffset(text, match.Groups["key"].Index);
            findings.Add(FindingCodes.LockProviderMismatch.Create(
                $"The datasource provider `{expected.ToManifestName()}` specified in the manifest does not match the one specified in {LockFileName}, `{written}`. " +
                "Prisma refuses to deploy this history (P3019); start a new migration history for this provider with `prisma migrate dev`.",
                pluginId,
                DisplayPath.Of(lockPath, displayBase),
                position.Line,
                position.Column));
        }
        return lockProvider;
    }

    // Only the `provider` key is read, as the Prisma CLI reads it.
    [GeneratedRegex(@"^[ \t]*(?<key>provider)[ \t]*=[ \t]*""(?<value>[^""\r\n]*)""", RegexOptions.Multiline)]
    private static partial Regex ProviderLine();
}
