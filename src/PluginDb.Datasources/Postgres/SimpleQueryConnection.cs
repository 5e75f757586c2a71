using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// A PostgreSQL session that sends a script as one simple-protocol Query message, the way Prisma's
/// engine (tokio-postgres <c>batch_execute</c>) and psql do. Npgsql has no public way to do that: it
/// sends every command through the extended protocol and splits a multi-statement text on semicolons
/// client-side (see https://github.com/npgsql/npgsql/issues/3294, open, and #4445 for a body it splits
/// wrongly). A batch under one Sync is atomic too, but it is not the same thing: the server does not treat
/// it as an implicit transaction block (<c>SELECT 1; CREATE INDEX CONCURRENTLY …</c> succeeds as a
/// batch and fails as a Query message, as under Prisma), and error positions are relative to one piece.
/// https://www.postgresql.org/docs/15/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT describes the
/// semantics this class exists to get. It speaks the minimum of protocol 3.0 for that: startup with the
/// connection string's user, database and <c>search_path</c>; trust, password, MD5 and SCRAM-SHA-256
/// authentication; TLS as the SSL mode asks; the Query exchange; cancel requests.
/// </summary>
internal sealed partial class SimpleQueryConnection : IAsyncDisposable
{
    private const int ProtocolVersion3 = 196608;
    private const int SslRequestCode = 80877103;
    private const int CancelRequestCode = 80877102;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly string _host;
    private readonly int _port;
    private int _processId;
    private int _secretKey;

    private SimpleQueryConnection(Socket socket, Stream stream, string host, int port)
    {
        _socket = socket;
        _stream = stream;
        _host = host;
        _port = port;
    }

    private readonly Dictionary<string, string> _serverParameters = new(StringComparer.Ordinal);

    /// <summary>The settings the server reported when the session started (ParameterStatus), e.g. <c>server_version</c>.</summary>
    public IReadOnlyDictionary<string, string> ServerParameters => _serverParameters;

    /// <summary>An error the server sent (ErrorResponse fields), with how many statements completed before it.</summary>
    internal sealed record ServerError(string Severity, string SqlState, string Message, string? Detail, string? Hint, int? Position, string? Where, int CompletedStatements);

    /// <summary>The outcome of a Query: null error when every statement completed; the transaction status the server reported after it.</summary>
    internal sealed record QueryOutcome(ServerError? Error, char TransactionStatus)
    {
        /// <summary>The rows of each statement that returned rows (a row description), in order; values in PostgreSQL's text format, null for NULL. Empty unless asked for.</summary>
        public IReadOnlyList<IReadOnlyList<string?[]>> ResultSets { get; init; } = [];
    }

    /// <summary>Run-time settings of a session whose timestamps are read as text (<see cref="PostgresText.TimestampTz"/>): ISO format, in UTC.</summary>
    public static IReadOnlyList<(string Name, string Value)> ReadingSettings { get; } = [("DateStyle", "ISO"), ("TimeZone", "UTC")];

    /// <summary>Opens a session with the settings of an Npgsql connection string (user, password, host, port, database, search path, SSL mode).</summary>
    public static Task<SimpleQueryConnection> OpenAsync(NpgsqlConnectionStringBuilder settings, CancellationToken cancellationToken) =>
        OpenAsync(PostgresLogin.From(settings), [], cancellationToken);

    /// <summary>Opens a session with an Npgsql connection string's settings and <paramref name="startupSettings"/>.</summary>
    public static Task<SimpleQueryConnection> OpenAsync(string connectionString, IReadOnlyList<(string Name, string Value)> startupSettings, CancellationToken cancellationToken) =>
        OpenAsync(new NpgsqlConnectionStringBuilder(connectionString), startupSettings, cancellationToken);

    /// <summary>Opens a session as above, with more run-time settings sent in the startup message (e.g. <c>TimeZone</c>).</summary>
    public static Task<SimpleQueryConnection> OpenAsync(
        NpgsqlConnectionStringBuilder settings, IReadOnlyList<(string Name, string Value)> startupSettings, CancellationToken cancellationToken) =>
        OpenAsync(PostgresLogin.From(settings), startupSettings, cancellationToken);

    /// <summary>Opens a session as <paramref name="settings"/> says, with <paramref name="startupSettings"/> sent in the startup message.</summary>
    public static async Task<SimpleQueryConnection> OpenAsync(
        PostgresLogin settings, IReadOnlyList<(string Name, string Value)> startupSettings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var host = settings.Host.Split(',')[0].Trim();
        var port = settings.Port;
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('/') && int.TryParse(host[(host.LastIndexOf(':') + 1)..], out var hostPort))
        {
            port = hostPort;
            host = host[..host.LastIndexOf(':')];
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (settings.Timeout > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.Timeout));
        }

        Socket socket;
        try
        {
            socket = await ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PostgresProtocolException($"No connection to {host}:{port} within {settings.Timeout} s.", exception);
        }
        try
        {
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            var unixSocket = socket.AddressFamily == AddressFamily.Unix;
            if (!unixSocket && settings.SslMode is not (SslMode.Disable or SslMode.Allow))
            {
                stream = await NegotiateTlsAsync(stream, host, settings, timeout.Token).ConfigureAwait(false);
            }
            var connection = new SimpleQueryConnection(socket, stream, host, port);
            await connection.StartAsync(settings, startupSettings, timeout.Token).ConfigureAwait(false);
            return connection;
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new PostgresProtocolException($"{host}:{port} did not complete the session start within {settings.Timeout} s.", exception);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a session with <paramref name="connectionString"/> and runs each statement as a Query of its
    /// own (CREATE and DROP DATABASE may not run inside the implicit transaction of several); the first
    /// error throws as <see cref="ReadAsync"/> does.
    /// </summary>
    public static async Task ExecuteEachAsync(string connectionString, CancellationToken cancellationToken, params IEnumerable<string> statements)
    {
        var session = await OpenAsync(connectionString, [], cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.ExecuteEachAsync(statements, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs each statement as a Query of its own on this session; the first error throws as <see cref="ReadAsync"/> does.</summary>
    public async Task ExecuteEachAsync(IEnumerable<string> statements, CancellationToken cancellationToken)
    {
        foreach (var sql in statements)
        {
            await ExecuteAsync(sql, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends <paramref name="sql"/> as one Query message and reads the server's answer to its end
    /// (ReadyForQuery). Cancelling sends PostgreSQL a cancel request and still reads to the end.
    /// </summary>
    public Task<QueryOutcome> QueryAsync(string sql, CancellationToken cancellationToken) => QueryAsync(sql, keepRows: false, cancellationToken);

    /// <summary>
    /// Sends <paramref name="sql"/> (one or more statements) as one Query message and returns the rows of
    /// each statement that returned rows. A server error throws <see cref="PostgresProtocolException"/>
    /// with its SQLSTATE; the session stays usable (outside a transaction block the server has rolled back).
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<string?[]>>> ReadAsync(string sql, CancellationToken cancellationToken)
    {
        var outcome = await QueryAsync(sql, keepRows: true, cancellationToken).ConfigureAwait(false);
        return outcome.Error is { } error
            ? throw new PostgresProtocolException($"{error.Message} (SQLSTATE {error.SqlState})") { SqlState = error.SqlState }
            : outcome.ResultSets;
    }

    /// <summary>Runs <paramref name="sql"/> and returns the first column of its first row (null for none, or NULL).</summary>
    public async Task<string?> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        var sets = await ReadAsync(sql, cancellationToken).ConfigureAwait(false);
        return sets.Count > 0 && sets[0].Count > 0 && sets[0][0].Length > 0 ? sets[0][0][0] : null;
    }

    /// <summary>Runs statements that return nothing the caller needs; a server error throws as <see cref="ReadAsync"/>.</summary>
    public Task ExecuteAsync(string sql, CancellationToken cancellationToken) => ReadAsync(sql, cancellationToken);

    /// <summary>
    /// <paramref name="sql"/> with each placeholder <c>$n</c> replaced by <paramref name="constants"/>[n - 1],
    /// in one pass, so a constant that holds <c>$2</c> stays as it is. The simple protocol has no
    /// parameters; constants are SQL already (<see cref="PluginDb.Core.Datasources.PostgresIdentifiers.QuoteLiteral"/>, numbers).
    /// </summary>
    public static string Bind(string sql, params string[] constants) =>
        Placeholder().Replace(sql, match => constants[int.Parse(match.ValueSpan[1..], System.Globalization.CultureInfo.InvariantCulture) - 1]);

    [System.Text.RegularExpressions.GeneratedRegex(@"\$[0-9]+")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();

    private async Task<QueryOutcome> QueryAsync(string sql, bool keepRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var text = Encoding.UTF8.GetBytes(sql);
        var message = new byte[1 + 4 + text.Length + 1];
        message[0] = (byte)'Q';
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), message.Length - 1);
        text.CopyTo(message, 5);
        await _stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);

        ServerError? error = null;
        var completed = 0;
        var sets = new List<IReadOnlyList<string?[]>>();
        List<string?[]>? rows = null;
        using (cancellationToken.Register(SendCancelRequest))
        {
            while (true)
            {
                var (type, body) = await ReadMessageAsync(CancellationToken.None).ConfigureAwait(false);
                switch (type)
                {
                    case 'C':
                        completed++;
                        rows = null;
                        break;
                    case 'T' when keepRows:
                        rows = [];
                        sets.Add(rows);
                        break;
                    case 'D' when rows is not null:
                        rows.Add(ParseDataRow(body));
                        break;
                    case 'S':
                        // A SET of a reported setting (standard_conforming_strings, TimeZone, …) changes how later text reads.
                        RecordParameter(body);
                        break;
                    case 'E':
                        error = ParseError(body, completed);
                        break;
                    case 'G':
                        // COPY … FROM STDIN has no data in a migration file; refuse it as psql does without input.
                        await WriteMessageAsync('f', Encoding.UTF8.GetBytes("COPY FROM STDIN is not supported in a migration script\0"), CancellationToken.None).ConfigureAwait(false);
                        break;
                    case 'Z':
                        cancellationToken.ThrowIfCancellationRequested();
                        return new QueryOutcome(error, (char)body[0]) { ResultSets = sets };
                    default:
                        // Rows, row descriptions, notices, parameter status, COPY OUT data: nothing the runner needs.
                        break;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await WriteMessageAsync('X', [], CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The server may have closed the session already.
        }
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }
}
