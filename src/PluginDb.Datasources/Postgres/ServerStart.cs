using Npgsql;

namespace PluginDb.Datasources.Postgres;

/// <summary>What every source does around its own start: the timeout, readiness by SQL, and cleanup on failure.</summary>
internal static class ServerStart
{
    /// <summary>
    /// Runs <paramref name="start"/> under <paramref name="timeout"/>. If it throws or is cancelled,
    /// the undo steps it registered run before the exception leaves; a timeout becomes a
    /// <see cref="PostgresStartupException"/>, a cancellation stays an <see cref="OperationCanceledException"/>.
    /// </summary>
    public static async Task<PostgresServer> RunAsync(
        string source,
        TimeSpan timeout,
        Func<Teardown, CancellationToken, Task<PostgresServer>> start,
        CancellationToken cancellationToken)
    {
        var teardown = new Teardown();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await start(teardown, deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            await teardown.RunAfterFailureAsync(e);
            throw new PostgresStartupException(
                $"The {source} PostgreSQL server was not ready within {timeout.TotalSeconds:0.#} s.", e);
        }
        catch (Exception e)
        {
            await teardown.RunAfterFailureAsync(e);
            throw;
        }
    }

    /// <summary>
    /// Waits until the server runs a query (an open port is not a ready server: it may still refuse
    /// connections while it starts up) and returns its version.
    /// </summary>
    public static async Task<ServerVersion> WaitUntilReadyAsync(string connectionString, CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 }.ConnectionString;
        while (true)
        {
            try
            {
                return await QueryVersionAsync(probe, cancellationToken);
            }
            catch (NpgsqlException e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }

    private static async Task<ServerVersion> QueryVersionAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('server_version_num')::int, current_setting('server_version')", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ServerVersion(reader.GetInt32(0) / 10000, reader.GetString(1));
    }

    // Network errors and "the database system is starting up" pass; a refused login does not.
    private static bool IsTransient(NpgsqlException e) =>
        e is not PostgresException postgres || postgres.SqlState is PostgresErrorCodes.CannotConnectNow;
}
