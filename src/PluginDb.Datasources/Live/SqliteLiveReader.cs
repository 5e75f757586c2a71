using Microsoft.Data.Sqlite;
using PluginDb.Datasources.Schemas;
using PluginDb.Datasources.Sqlite;

namespace PluginDb.Datasources.Live;

/// <summary>
/// Reads a SQLite database file without changing it or anything beside it. Without a <c>-wal</c> file
/// the file is opened <c>immutable=1</c>: SQLite then takes no locks and creates no <c>-journal</c>,
/// <c>-wal</c> or <c>-shm</c> (https://www.sqlite.org/uri.html#uriimmutable). A <c>-wal</c> file may
/// hold committed pages the main file lacks, which an immutable open would not see, so then the file
/// is opened <c>mode=ro</c>, which reads the WAL and changes only its existing <c>-shm</c> index.
/// </summary>
public static class SqliteLiveReader
{
    /// <summary>The database at <paramref name="path"/>, or null when there is no such file.</summary>
    /// <exception cref="SqliteException">The file is not a readable SQLite database.</exception>
    public static async Task<LiveDatabase?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return null;
        }
        var connection = new SqliteConnection(ConnectionString(full));
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The database behind an open connection, e.g. an in-memory replay database.</summary>
    public static async Task<LiveDatabase> ReadAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var schema = await SqliteIntrospector.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        var history = await SqliteMigrationRunner.ReadHistoryAsync(connection, cancellationToken).ConfigureAwait(false);
        return new LiveDatabase(schema, history);
    }

    /// <summary>A read-only URI connection string for the file (no pooling, so no handle outlives the read).</summary>
    public static string ConnectionString(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var uri = new UriBuilder { Scheme = Uri.UriSchemeFile, Host = string.Empty, Path = full }.Uri.AbsoluteUri;
        var mode = File.Exists(full + "-wal") ? "mode=ro" : "mode=ro&immutable=1";
        return new SqliteConnectionStringBuilder { DataSource = $"{uri}?{mode}", Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
    }
}
