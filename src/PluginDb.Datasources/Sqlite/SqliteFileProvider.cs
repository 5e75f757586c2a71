using Microsoft.Data.Sqlite;
using PluginDb.Core.Datasources;
using PluginDb.Core.Manifests;

namespace PluginDb.Datasources.Sqlite;

/// <summary>
/// Provides an exclusive-sqlite plugin's datasource: the file <c>&lt;dataRoot&gt;/plugins/&lt;pluginId&gt;.db</c>
/// and its <c>file:</c> URL, as the platform's <c>plugins db ensure</c> does. A SQLite file needs no secret.
/// </summary>
public static class SqliteFileProvider
{
    public const string PluginsFolder = "plugins";

    /// <summary>The absolute path of a plugin's database file under <paramref name="dataRoot"/>.</summary>
    public static string DatabasePath(string dataRoot, string pluginId)
    {
        ArgumentNullException.ThrowIfNull(dataRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginId);
        // Manifest validation restricts ids; this guards the file system against anything that slipped past it.
        if (pluginId.IndexOfAny([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar, '\0']) >= 0 || pluginId is "." or "..")
        {
            throw new ArgumentException($"The plugin id '{pluginId}' cannot name a database file.", nameof(pluginId));
        }
        return Path.GetFullPath(Path.Combine(dataRoot, PluginsFolder, pluginId + ".db"));
    }

    /// <summary>The descriptor the plugin would get, without creating anything (<c>plugins db info</c>).</summary>
    public static PluginDatasourceDescriptor Describe(string dataRoot, PluginManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var path = DatabasePath(dataRoot, manifest.Id);
        return new PluginDatasourceDescriptor(manifest.Id, DatasourceUrls.SqliteFileUrl(path), DatabaseProvider.Sqlite, manifest, SecretsRef: null);
    }

    /// <summary>
    /// Creates the plugin's database file (and its folders) or reuses the existing one. A new file is
    /// an empty, valid SQLite database, as <c>prisma migrate deploy</c> would create it.
    /// </summary>
    public static async Task<(PluginDatasourceDescriptor Descriptor, bool Reused)> EnsureAsync(
        string dataRoot,
        PluginManifest manifest,
        CancellationToken cancellationToken)
    {
        var descriptor = Describe(dataRoot, manifest);
        var path = DatabasePath(dataRoot, manifest.Id);
        if (File.Exists(path))
        {
            return (descriptor, true);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connection = new SqliteConnection(SqliteMigrationRunner.ConnectionString(path));
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        return (descriptor, false);
    }

    /// <summary>
    /// Which SQLite library replays migrations, told without loading it: the version of the bundle
    /// that ships it with the tool (the bundle pins the library's version).
    /// </summary>
    public static string LibraryBundle =>
        $"bundle_e_sqlite3 {typeof(SQLitePCL.Batteries_V2).Assembly.GetName().Version?.ToString(3) ?? "?"}";

    /// <summary>The version of the SQLite library this process replays migrations with (it ships with the tool).</summary>
    public static string LibraryVersion
    {
        get
        {
            using var connection = new SqliteConnection("Data Source=:memory:");
            return connection.ServerVersion;
        }
    }

    /// <summary>
    /// A throwaway in-memory database for a plugin whose replay no one needs as a file (a drift check
    /// reads it back and drops it). It lives as long as the returned connection, which is left open.
    /// </summary>
    public static async Task<(SqliteConnection Connection, PluginDatasourceDescriptor Descriptor)> OpenInMemoryAsync(
        PluginManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var descriptor = new PluginDatasourceDescriptor(manifest.Id, "file::memory:", DatabaseProvider.Sqlite, manifest, SecretsRef: null);
        return (connection, descriptor);
    }

    /// <summary>
    /// Opens, queries and closes a private in-memory database (not pooled), so that the first real
    /// connection does not pay for the library's start: its native library, the provider's reflective
    /// set-up, the connection-string parser and their types cost a cold process ~25 ms before the first
    /// connection is open. For a caller that will surely open one and has other work to do meanwhile.
    /// </summary>
    public static void WarmUp()
    {
        using var connection = new SqliteConnection("Data Source=:memory:;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        command.ExecuteScalar();
    }

    /// <summary>
    /// The bytes a database occupies for the storage limit: the file plus its write-ahead log, which
    /// holds committed pages not yet checkpointed. The <c>-shm</c> index is scratch space and not counted.
    /// </summary>
    public static long SizeBytes(string databasePath)
    {
        ArgumentNullException.ThrowIfNull(databasePath);
        return Length(databasePath) + Length(databasePath + "-wal");
    }

    private static long Length(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length : 0;
    }
}
