namespace PluginDb.Datasources.Postgres;

/// <summary>
/// The session a URL source's start logged in with, in the server's maintenance database, kept for the
/// run's own administration (a project's owner) and for its teardown, so that neither logs in again: on
/// a busy server a login costs about 20 ms. One statement list at a time.
/// </summary>
internal sealed class MaintenanceSession(string connectionString, SimpleQueryConnection session) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SimpleQueryConnection? _session = session;

    /// <summary>Runs each statement as a Query of its own on the kept session; the first error throws.</summary>
    public async Task ExecuteEachAsync(IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var session = _session ?? throw new ObjectDisposedException(nameof(MaintenanceSession));
            await session.ExecuteEachAsync(statements, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// For teardown, whose statements may run twice (DROP … IF EXISTS): on the kept session, and if the
    /// server closed it meanwhile (idle_session_timeout, a restart) or it failed, again after a new login.
    /// </summary>
    public async Task ExecuteIdempotentAsync(IReadOnlyList<string> statements)
    {
        try
        {
            await ExecuteEachAsync(statements, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is PostgresProtocolException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            await SimpleQueryConnection.ExecuteEachAsync(connectionString, CancellationToken.None, statements).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_session is { } session)
            {
                _session = null;
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
