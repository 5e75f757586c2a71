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
        var (version, session) = await OpenWhenReadyAsync(connectionString, cancellationToken);
        await session.DisposeAsync();
        return version;
    }

    /// <summary>As <see cref="WaitUntilReadyAsync"/>, and hands over the session that answered (on the tool's own client, so no Npgsql start-up cost).</summary>
    public static async Task<(ServerVersion Version, SimpleQueryConnection Session)> OpenWhenReadyAsync(string connectionString, CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5 };
        while (true)
        {
            SimpleQueryConnection? session = null;
            try
            {
                session = await SimpleQueryConnection.OpenAsync(probe, cancellationToken);
                return (await ReadVersionAsync(session, cancellationToken), session);
            }
            catch (Exception e)
            {
                if (session is not null)
                {
                    await session.DisposeAsync();
                }
                if (!IsTransient(e) || cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
            }
            // A refused connection costs next to nothing, and a server that is ready is used that much sooner.
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    /// <summary>The version of the server <paramref name="session"/> is open on, its free connections now, and who owns the public schema of the database the session is in.</summary>
    public static async Task<ServerVersion> ReadVersionAsync(SimpleQueryConnection session, CancellationToken cancellationToken)
    {
        var row = (await session.ReadAsync(
            "SELECT current_setting('server_version_num')::int, current_setting('server_version'), " +
            "current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int - " +
            "(SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend'), " +
            // By name: the role pg_database_owner exists from PostgreSQL 14 on.
            "coalesce((SELECT r.rolname = 'pg_database_owner' FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE n.nspname = 'public'), false)",
            cancellationToken))[0][0];
        return new ServerVersion((int)PostgresText.Int64(row[0]) / 10000, row[1]!)
        {
            FreeConnections = (int)PostgresText.Int64(row[2]),
            PublicSchemaFollowsDatabaseOwner = PostgresText.Boolean(row[3]),
        };
    }

    // Network errors and "the database system is starting up" (57P03) pass; a refused login does not.
    private static bool IsTransient(Exception e) => e switch
    {
        PostgresProtocolException protocol => protocol.SqlState is null or "57P03",
        _ => e is System.Net.Sockets.SocketException or IOException,
    };
}
