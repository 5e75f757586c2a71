using Npgsql;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// The one PostgreSQL server of a run, and its only owner: the source is chosen once, the start begins
/// whenever someone first asks (early, while the manifests are read, when the run will surely need it),
/// every plugin shares it, and it is released once, on every exit, whoever asks and however often.
/// The server's version can be told before or without a start (<see cref="PeekMajorVersionAsync"/>).
/// </summary>
public sealed class PostgresRunServer : IAsyncDisposable
{
    private readonly PostgresSourceKind _kind;
    private readonly PostgresServerOptions _options;
    private readonly Lock _gate = new();
    private Task<IPostgresServerSource>? _source;
    private Task<PostgresServer>? _start;
    private Task<int?>? _peek;
    private PostgresServer? _server;
    private NpgsqlDataSource? _admin;
    private Task? _release;

    public PostgresRunServer(PostgresSourceKind kind, PostgresServerOptions options)
    {
        _kind = kind;
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>The server once it answered; null before a start finished, or after the release.</summary>
    public PostgresServer? Server => _server;

    /// <summary>Whether a start was ever begun.</summary>
    public bool Started => _start is not null;

    /// <summary>Whether the run's server would be the one of the given URL, told without probing anything.</summary>
    public bool UsesUrl => PostgresServerFactory.PicksUrl(_kind, _options.Url);

    /// <summary>
    /// Begins the start, if none has begun, without waiting for it. <paramref name="cancellationToken"/>
    /// is the run's: the start outlives the stage that begins it.
    /// </summary>
    public void StartEarly(CancellationToken cancellationToken) => _ = StartOnce(cancellationToken);

    /// <summary>The server, started now if no one began its start yet.</summary>
    /// <exception cref="PostgresServerException">No source could give a server, or it did not start.</exception>
    public async Task<PostgresServer> GetAsync(CancellationToken cancellationToken)
    {
        var server = await StartOnce(cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
        _server ??= server;
        return server;
    }

    /// <summary>
    /// The major version the run's server has or would have: that of a start begun (if it succeeds), else
    /// the source's own answer without a start; null where it cannot be told so.
    /// </summary>
    public Task<int?> PeekMajorVersionAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _peek ??= PeekAsync(cancellationToken);
        }
    }

    private async Task<int?> PeekAsync(CancellationToken cancellationToken)
    {
        if (_start is { } start)
        {
            try
            {
                return (await start.ConfigureAwait(false)).MajorVersion;
            }
            catch (PostgresServerException)
            {
                // Waiting for the server says why, if a plugin needs it.
                return null;
            }
        }
        try
        {
            return await (await SourceAsync(cancellationToken).ConfigureAwait(false)).PeekMajorVersionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is PostgresServerException or ArgumentException)
        {
            // No source, or a URL that does not parse: starting the server says so, if a plugin needs one.
            return null;
        }
    }

    /// <summary>Npgsql's pool on the server's admin account, made on first use (a <c>--project</c> check never needs it).</summary>
    public NpgsqlDataSource Admin()
    {
        var server = _server ?? throw new InvalidOperationException("The run's server has not started.");
        lock (_gate)
        {
            return _admin ??= NpgsqlDataSource.Create(server.AdminConnectionString);
        }
    }

    /// <summary>
    /// Whether the server still answers: a server that went away mid-run is the run's infrastructure
    /// failing, not a plugin's finding. True before a start.
    /// </summary>
    public async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        if (_server is not { } server)
        {
            return true;
        }
        try
        {
            await SimpleQueryConnection.ExecuteEachAsync(server.AdminConnectionString, cancellationToken, "SELECT 1").ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is PostgresProtocolException or IOException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Removes what the run started (a start still under way is waited for, then removed), once; unless
    /// <paramref name="keep"/>, which leaves the server and returns how to reach and remove it.
    /// </summary>
    public async Task<KeptServer?> ReleaseAsync(bool keep)
    {
        if (keep && await SettleAsync().ConfigureAwait(false) is { } kept)
        {
            var admin = new NpgsqlConnectionStringBuilder(kept.AdminConnectionString);
            return new KeptServer(kept.Description,
                $"PGPASSWORD='{admin.Password}' psql 'host={admin.Host} port={admin.Port} dbname={admin.Database} user={admin.Username}'", RemovalHint(kept));
        }
        Task release;
        lock (_gate)
        {
            release = _release ??= ReleaseOnceAsync();
        }
        await release.ConfigureAwait(false);
        return null;
    }

    public async ValueTask DisposeAsync() => await ReleaseAsync(keep: false).ConfigureAwait(false);

    private async Task ReleaseOnceAsync()
    {
        var server = await SettleAsync().ConfigureAwait(false);
        if (_admin is { } admin)
        {
            await admin.DisposeAsync().ConfigureAwait(false);
        }
        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
        if (_source is { IsCompletedSuccessfully: true, Result: IAsyncDisposable source })
        {
            // A URL source keeps the session of its version peek for a start that a warm run never makes.
            await source.DisposeAsync().ConfigureAwait(false);
        }
        _server = null;
    }

    // The server a start gave, waiting for one under way; null where none began or it failed.
    private async Task<PostgresServer?> SettleAsync()
    {
        if (_server is not null || _start is not { } start)
        {
            return _server;
        }
        try
        {
            return _server = await start.ConfigureAwait(false);
        }
        catch (Exception) when (start.IsFaulted || start.IsCanceled)
        {
            // A failed start removed what it had made.
            return null;
        }
    }

    private Task<PostgresServer> StartOnce(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _start ??= StartAsync(cancellationToken);
        }
    }

    private async Task<PostgresServer> StartAsync(CancellationToken cancellationToken) =>
        await (await SourceAsync(cancellationToken).ConfigureAwait(false)).StartAsync(cancellationToken).ConfigureAwait(false);

    /// <remarks>
    /// Chosen on the thread pool, so that what choosing costs a cold process (loading the sources' code,
    /// reading the URL, for <c>auto</c> probing an engine) runs beside the caller, which reads manifests
    /// and migrations meanwhile.
    /// </remarks>
    private Task<IPostgresServerSource> SourceAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _source ??= Task.Run(() => PostgresServerFactory.SelectAsync(_kind, _options, cancellationToken), cancellationToken);
        }
    }

    private static string RemovalHint(PostgresServer server) => server.Kind switch
    {
        PostgresSourceKind.Testcontainers => "remove the container named above (docker rm -f / podman rm -f).",
        PostgresSourceKind.Local => "pg_ctl -D <data folder named above> stop -m immediate, then delete the folder.",
        _ => $"DROP DATABASE \"{server.Database}\" WITH (FORCE); then DROP ROLE each of: {string.Join(", ", server.TrackedRoles)}.",
    };
}

/// <summary>A server left running (<c>--keep</c>): where it is, how to connect as its admin, and how to remove it.</summary>
public sealed record KeptServer(string Description, string Connect, string RemovalHint);
