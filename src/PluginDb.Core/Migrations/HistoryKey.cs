using System.Security.Cryptography;
using System.Text;
using PluginDb.Core.Manifests;

namespace PluginDb.Core.Migrations;

/// <summary>
/// The content address of a replayed migration history: SHA-256 over the provider, the server that
/// replays it and every migration in order (its folder name and its Prisma checksum, which is the
/// SHA-256 of the script). Two plugins with the same files get the same key, wherever they live; a
/// changed byte, a renamed or reordered migration, another provider or another server major version
/// gives another key. The cache format is part of the key, so entries written by an older layout of
/// the schema model are never read back.
/// </summary>
public static class HistoryKey
{
    /// <summary>Bumped whenever the cached schema model or the introspection that fills it changes meaning.</summary>
    public const int Format = 3;

    /// <param name="provider">The database engine the history is replayed on.</param>
    /// <param name="server">What shapes the replay besides the files: the PostgreSQL major version, or the SQLite library version.</param>
    /// <param name="migrations">The migrations in the order they are applied.</param>
    public static string Compute(DatabaseProvider provider, string server, IReadOnlyList<LocalMigration> migrations)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(migrations);
        var text = new StringBuilder()
            .Append("plugindb-history/").Append(Format).Append('\n')
            .Append(provider.ToManifestName()).Append('\n')
            .Append(server).Append('\n');
        foreach (var migration in migrations)
        {
            // A newline cannot occur in a folder name Prisma creates, so the fields cannot run together.
            text.Append(migration.Name).Append('\t').Append(migration.Checksum).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
