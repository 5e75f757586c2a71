using Npgsql;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>What the tests look at on a server and on this machine.</summary>
internal static class PostgresProbe
{
    public static async Task<string> SelectVersionAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version()", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The ids of running processes whose command line mentions <paramref name="path"/> (a data folder).</summary>
    public static IReadOnlyList<int> ProcessesMentioning(string path) =>
        ProcessIds().Where(pid => ReadOrEmpty($"/proc/{pid}/cmdline").Replace('\0', ' ').Contains(path, StringComparison.Ordinal)).ToArray();

    /// <summary>PostgreSQL's POSIX shared memory segments on this machine (Linux: <c>/dev/shm/PostgreSQL.*</c>).</summary>
    public static IReadOnlyList<string> SharedMemorySegments() =>
        Directory.Exists(ThrowawayFolders.SharedMemory) ? Directory.GetFiles(ThrowawayFolders.SharedMemory, "PostgreSQL.*") : [];

    /// <summary>Whether a running process maps <paramref name="file"/>: a live server's segment is, a leaked one is not.</summary>
    public static bool IsMapped(string file) =>
        ProcessIds().Any(pid => ReadOrEmpty($"/proc/{pid}/maps").Contains(file, StringComparison.Ordinal));

    private static IEnumerable<int> ProcessIds() =>
        Directory.EnumerateDirectories("/proc").Select(folder => int.TryParse(Path.GetFileName(folder), out var pid) ? pid : 0).Where(pid => pid > 0);

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
