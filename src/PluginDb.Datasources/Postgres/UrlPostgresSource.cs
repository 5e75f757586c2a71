using System.Collections.Concurrent;
using Npgsql;
using PluginDb.Core.Datasources;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// An existing server, reached through an account that may create databases and roles. The run
/// gets a database of its own (<c>plugindb_run_&lt;run id&gt;</c>); disposing drops it and every role
/// the run tracked, so runs that share the server never see or collide with each other.
/// Each <c>With…</c> returns a new source. The session a peek opened is kept for the start, which
/// then needs no login of its own; disposing the source closes it if no start took it.
/// </summary>
public sealed class UrlPostgresSource : IPostgresServerSource, IAsyncDisposable
{
    private readonly Lock _gate = new();

    /// <summary>The login of a version peek, kept for the start (null inside when the server did not answer).</summary>
    private Task<SimpleQueryConnection?>? _peek;

    public const string RunDatabasePrefix = "plugindb_run_";

    /// <summary>The start of the run database's name: <see cref="RunDatabasePrefix"/>, or another the caller chose.</summary>
    private string DatabasePrefix { get; init; } = RunDatabasePrefix;

    private const int MinimumMajorVersion = 13;

    private readonly PostgresLogin _server;

    /// <summary>The text given, when it was an Npgsql connection string: kept whole, with settings the own client has no use for.</summary>
    private readonly string? _connectionString;
    private readonly TimeSpan _startupTimeout;

    /// <param name="urlOrConnectionString">See <see cref="PostgresConnectionStrings.Parse"/>; its database is the one connected to for administration (<c>postgres</c> if none).</param>
    public UrlPostgresSource(string urlOrConnectionString)
        : this(Read(urlOrConnectionString), TimeSpan.FromSeconds(30))
    {
    }

    private UrlPostgresSource((PostgresLogin Login, string? ConnectionString) server, TimeSpan startupTimeout)
    {
        (_server, _connectionString) = server;
        _startupTimeout = startupTimeout;
    }

    public string Name => PostgresSources.Url;

    public UrlPostgresSource WithStartupTimeout(TimeSpan timeout) => new((_server, _connectionString), timeout) { DatabasePrefix = DatabasePrefix };

    /// <summary>The same source, naming the run's database with <paramref name="prefix"/> and the run id.</summary>
    public UrlPostgresSource WithDatabasePrefix(string prefix) => new((_server, _connectionString), _startupTimeout) { DatabasePrefix = prefix };

    /// <summary>Asks the server: its session start reports server_version, so no query and none of Npgsql's first-connection cost.</summary>
    /// <remarks>Peeks share one login, and a start made while it is under way waits for it rather than logging in again.</remarks>
    public async Task<int?> PeekMajorVersionAsync(CancellationToken cancellationToken)
    {
        Task<SimpleQueryConnection?> peek;
        lock (_gate)
        {
            peek = _peek ??= LogInForPeekAsync(cancellationToken);
        }
        return await peek is { } session && session.ServerParameters.TryGetValue("server_version", out var reported) ? PostgresVersions.LeadingMajor(reported) : null;
    }

    private async Task<SimpleQueryConnection?> LogInForPeekAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await SimpleQueryConnection.OpenAsync(_server with { Timeout = 5 }, [], cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is PostgresProtocolException or IOException
                                              or System.Net.Sockets.SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            // Unreachable now: StartAsync says why, with its own retries.
            return null;
        }
    }

    public Task<PostgresServer> StartAsync(CancellationToken cancellationToken) =>
        ServerStart.RunAsync(Name, _startupTimeout, StartAsync, cancellationToken);

    private async Task<PostgresServer> StartAsync(Teardown teardown, CancellationToken cancellationToken)
    {
        // Npgsql's form of the address, which the run's other sessions and its teardown take, is made while the peek's login is under way.
        var connectionString = _connectionString is { } given ? Task.FromResult(given) : Task.Run(() => _server.ToBuilder().ConnectionString, cancellationToken);
        var (version, session) = await TakePeekedAsync(cancellationToken) ?? await ServerStart.OpenWhenReadyAsync(await connectionString, cancellationToken);
        var maintenance = new MaintenanceSession(await connectionString, session);
        teardown.Add("close the maintenance session", () => maintenance.DisposeAsync().AsTask());
        if (version.Major < MinimumMajorVersion)
        {
            throw new PostgresSourceUnavailableException(
                $"The server at {_server.Host}:{_server.Port} runs PostgreSQL {version.Text}; a run needs {MinimumMajorVersion} or later (DROP DATABASE … WITH (FORCE)).");
        }

        await EnsurePrivilegesAsync(session, cancellationToken);

        var runId = PostgresSources.NewRunId();
        var database = DatabasePrefix + runId;
        var roles = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        // One Query each, in name order, after the database (teardown runs its steps newest first).
        teardown.Add($"drop the roles of run {runId}", () => roles.IsEmpty
            ? Task.CompletedTask
            : maintenance.ExecuteIdempotentAsync([.. roles.Keys.Order(StringComparer.Ordinal).Select(role => $"DROP ROLE IF EXISTS {PostgresIdentifiers.Quote(role)}")]));
        teardown.Add($"drop database {database}", () => maintenance.ExecuteIdempotentAsync(DatabaseDrop.Statements(database)));
        await session.ExecuteAsync($"CREATE DATABASE {PostgresIdentifiers.Quote(database)}", cancellationToken);

        var admin = new NpgsqlConnectionStringBuilder(await connectionString) { Database = database };
        var description = $"{Name}: database {database} on {_server.Host}:{_server.Port} as {_server.Username}";
        return new PostgresServer(PostgresSourceKind.Url, runId, admin.ConnectionString, version, description, roles, teardown) { Maintenance = maintenance };
    }

    /// <summary>The peek's session, once its login is done, if it succeeded and still answers, with the server's version read on it.</summary>
    private async Task<(ServerVersion, SimpleQueryConnection)?> TakePeekedAsync(CancellationToken cancellationToken)
    {
        if (TakePeek() is not { } peek)
        {
            return null;
        }
        SimpleQueryConnection? session;
        try
        {
            session = await peek.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!peek.IsCompleted)
        {
            // The start gave up first (its timeout, or the run's): the login, once done, is closed.
            _ = peek.ContinueWith(done => done.IsCompletedSuccessfully && done.Result is { } late ? late.DisposeAsync().AsTask() : Task.CompletedTask, TaskScheduler.Default).Unwrap();
            throw;
        }
        if (session is null)
        {
            return null;
        }
        try
        {
            return (await ServerStart.ReadVersionAsync(session, cancellationToken), session);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is PostgresProtocolException or IOException or System.Net.Sockets.SocketException)
        {
            // The server closed it meanwhile (idle timeout, restart): the start logs in afresh.
            await session.DisposeAsync();
            return null;
        }
    }

    private Task<SimpleQueryConnection?>? TakePeek()
    {
        lock (_gate)
        {
            var peek = _peek;
            _peek = null;
            return peek;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (TakePeek() is not { } peek)
        {
            return;
        }
        try
        {
            if (await peek is { } session)
            {
                await session.DisposeAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // The run was cancelled during the peek's login: there is no session to close.
        }
    }

    // A URL is read without Npgsql; a connection string is Npgsql's own, so its builder reads it, once.
    private static (PostgresLogin, string?) Read(string urlOrConnectionString)
    {
        if (PostgresConnectionStrings.IsUrl(urlOrConnectionString))
        {
            var login = PostgresConnectionStrings.ParseLogin(urlOrConnectionString);
            return (login.Database is null ? login with { Database = "postgres" } : login, null);
        }
        var settings = PostgresConnectionStrings.Parse(urlOrConnectionString);
        settings.Database ??= "postgres";
        return (PostgresLogin.From(settings), settings.ConnectionString);
    }

    private async Task EnsurePrivilegesAsync(SimpleQueryConnection session, CancellationToken cancellationToken)
    {
        var rows = (await session.ReadAsync(
            "SELECT rolsuper OR rolcreatedb, rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user", cancellationToken))[0];
        if (rows.Count == 0 || !PostgresText.Boolean(rows[0][0]) || !PostgresText.Boolean(rows[0][1]))
        {
            throw new PostgresSourceUnavailableException(
                $"The account '{_server.Username}' at {_server.Host}:{_server.Port} may not create databases and roles (it needs CREATEDB and CREATEROLE).");
        }
    }
}
