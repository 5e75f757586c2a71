using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PluginDb.Datasources.Sqlite;

/// <summary>
/// A copy of a database taken with SQLite's online backup API, so a failed migration can be undone
/// even though SQLite migrations run without a transaction. A file database is copied to a file
/// beside it (same disk, no memory limit); an in-memory database to memory.
/// </summary>
internal sealed class DatabaseSnapshot : IAsyncDisposable
{
    private readonly SqliteConnection _copy;
    private readonly string? _copyPath;

    private DatabaseSnapshot(SqliteConnection copy, string? copyPath)
    {
        _copy = copy;
        _copyPath = copyPath;
    }

    public static async Task<DatabaseSnapshot> TakeAsync(SqliteConnection source, CancellationToken cancellationToken)
    {
        var file = source.Handle is { } db ? raw.sqlite3_db_filename(db, "main").utf8_to_string() : null;
        string? copyPath = string.IsNullOrEmpty(file) ? null : $"{file}.plugindb-{Guid.NewGuid():N}.bak";
        var copy = new SqliteConnection(copyPath is null ? "Data Source=:memory:" : SqliteMigrationRunner.ConnectionString(copyPath));
        try
        {
            await copy.OpenAsync(cancellationToken).ConfigureAwait(false);
            source.BackupDatabase(copy);
            return new DatabaseSnapshot(copy, copyPath);
        }
        catch
        {
            await copy.DisposeAsync().ConfigureAwait(false);
            DeleteQuietly(copyPath);
            throw;
        }
    }

    public void RestoreInto(SqliteConnection target) => _copy.BackupDatabase(target);

    public async ValueTask DisposeAsync()
    {
        await _copy.DisposeAsync().ConfigureAwait(false);
        DeleteQuietly(_copyPath);
    }

    private static void DeleteQuietly(string? path)
    {
        if (path is null)
        {
            return;
        }
        foreach (var file in new[] { path, path + "-journal", path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
