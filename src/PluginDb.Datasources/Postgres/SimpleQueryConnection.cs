using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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

    private static async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var (socket, endPoint) = SocketFor(host, port);
        try
        {
            if (endPoint is null)
            {
                await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // A host starting with '/' is the directory holding the server's socket, as libpq and Npgsql read it.
    private static (Socket Socket, UnixDomainSocketEndPoint? EndPoint) SocketFor(string host, int port) =>
        host.StartsWith('/')
            ? (new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified), new UnixDomainSocketEndPoint(Path.Combine(host, $".s.PGSQL.{port}")))
            : (new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }, null);

    private static async Task<Stream> NegotiateTlsAsync(Stream stream, string host, PostgresLogin settings, CancellationToken cancellationToken)
    {
        var request = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(request, 8);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(4), SslRequestCode);
        await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        var answer = new byte[1];
        await stream.ReadExactlyAsync(answer, cancellationToken).ConfigureAwait(false);
        if (answer[0] != (byte)'S')
        {
            return settings.SslMode == SslMode.Prefer
                ? stream
                : throw new AuthenticationException($"The server at {host} does not accept TLS, which SSL Mode={settings.SslMode} requires.");
        }

        // Require and Prefer encrypt without checking the certificate, as Npgsql does; VerifyCA checks the
        // chain, VerifyFull also the host name.
        var verify = settings.SslMode is SslMode.VerifyCA or SslMode.VerifyFull;
        var root = string.IsNullOrEmpty(settings.RootCertificate) ? null : X509CertificateLoader.LoadCertificateFromFile(settings.RootCertificate);
        var tls = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, chain, errors) =>
        {
            if (!verify)
            {
                return true;
            }
            if (settings.SslMode == SslMode.VerifyCA)
            {
                errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
            }
            if (root is not null && certificate is not null && chain is not null && errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
            {
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(root);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                if (chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData())))
                {
                    errors &= ~SslPolicyErrors.RemoteCertificateChainErrors;
                }
            }
            return errors == SslPolicyErrors.None;
        });
        var options = new SslClientAuthenticationOptions { TargetHost = host };
        if (!string.IsNullOrEmpty(settings.SslCertificate))
        {
            // A client certificate (libpq's sslcert/sslkey), PEM as PostgreSQL's docs make them.
            options.ClientCertificates = [X509Certificate2.CreateFromPemFile(settings.SslCertificate, string.IsNullOrEmpty(settings.SslKey) ? null : settings.SslKey)];
        }
        await tls.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
        return tls;
    }

    private async Task StartAsync(PostgresLogin settings, IReadOnlyList<(string Name, string Value)> startupSettings, CancellationToken cancellationToken)
    {
        var user = settings.Username ?? throw new ArgumentException("The connection string names no user.", nameof(settings));
        var parameters = new List<(string, string)> { ("user", user), ("database", settings.Database ?? user), ("client_encoding", "UTF8") };
        if (!string.IsNullOrEmpty(settings.SearchPath))
        {
            parameters.Add(("search_path", settings.SearchPath));
        }
        if (!string.IsNullOrEmpty(settings.ApplicationName))
        {
            parameters.Add(("application_name", settings.ApplicationName));
        }
        parameters.AddRange(startupSettings);
        var body = new MemoryStream();
        WriteInt32(body, ProtocolVersion3);
        foreach (var (name, value) in parameters)
        {
            WriteCString(body, name);
            WriteCString(body, value);
        }
        body.WriteByte(0);
        var startup = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(startup, startup.Length);
        body.ToArray().CopyTo(startup, 4);
        await _stream.WriteAsync(startup, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);

        Scram? scram = null;
        while (true)
        {
            var (type, message) = await ReadMessageAsync(cancellationToken).ConfigureAwait(false);
            switch (type)
            {
                case 'R':
                    scram = await AuthenticateAsync(message, user, settings.Password, scram, cancellationToken).ConfigureAwait(false);
                    break;
                case 'S':
                    RecordParameter(message);
                    break;
                case 'K':
                    _processId = BinaryPrimitives.ReadInt32BigEndian(message);
                    _secretKey = BinaryPrimitives.ReadInt32BigEndian(message.AsSpan(4));
                    break;
                case 'E':
                    var error = ParseError(message, 0);
                    throw new PostgresProtocolException($"{error.Message} (SQLSTATE {error.SqlState})") { SqlState = error.SqlState };
                case 'Z':
                    return;
                default:
                    break;
            }
        }
    }

    private async Task<Scram?> AuthenticateAsync(byte[] message, string user, string? password, Scram? scram, CancellationToken cancellationToken)
    {
        var code = BinaryPrimitives.ReadInt32BigEndian(message);
        string Password() => password ?? throw new PostgresProtocolException($"The server asks a password for {user}, and the connection string has none.");
        switch (code)
        {
            case 0:
                return scram;
            case 3:
                await WriteMessageAsync('p', Encoding.UTF8.GetBytes(Password() + "\0"), cancellationToken).ConfigureAwait(false);
                return scram;
            case 5:
                // md5(md5(password + user) + salt), hex, prefixed "md5" (protocol docs, AuthenticationMD5Password).
                var inner = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(Password() + user)));
                var outer = Convert.ToHexStringLower(MD5.HashData([.. Encoding.UTF8.GetBytes(inner), .. message.AsSpan(4, 4)]));
                await WriteMessageAsync('p', Encoding.UTF8.GetBytes("md5" + outer + "\0"), cancellationToken).ConfigureAwait(false);
                return scram;
            case 10:
                var mechanisms = Encoding.UTF8.GetString(message, 4, message.Length - 4).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                if (!mechanisms.Contains("SCRAM-SHA-256"))
                {
                    throw new PostgresProtocolException($"The server offers only SASL mechanisms {string.Join(", ", mechanisms)}; SCRAM-SHA-256 is supported here.");
                }
                var started = new Scram(Password());
                var first = Encoding.UTF8.GetBytes(started.ClientFirst);
                var initial = new MemoryStream();
                WriteCString(initial, "SCRAM-SHA-256");
                WriteInt32(initial, first.Length);
                initial.Write(first);
                await WriteMessageAsync('p', initial.ToArray(), cancellationToken).ConfigureAwait(false);
                return started;
            case 11:
                var final = (scram ?? throw new PostgresProtocolException("SASL continuation without a SASL start.")).ClientFinal(Encoding.UTF8.GetString(message, 4, message.Length - 4));
                await WriteMessageAsync('p', Encoding.UTF8.GetBytes(final), cancellationToken).ConfigureAwait(false);
                return scram;
            case 12:
                (scram ?? throw new PostgresProtocolException("SASL final without a SASL start.")).VerifyServer(Encoding.UTF8.GetString(message, 4, message.Length - 4));
                return scram;
            default:
                throw new PostgresProtocolException($"The server asks for authentication method {code}, which this runner does not speak (trust, password, md5 and scram-sha-256 are supported).");
        }
    }

    private void SendCancelRequest()
    {
        try
        {
            var (socket, endPoint) = SocketFor(_host, _port);
            using var _ = socket;
            if (endPoint is null)
            {
                socket.Connect(_host, _port);
            }
            else
            {
                socket.Connect(endPoint);
            }
            var request = new byte[16];
            BinaryPrimitives.WriteInt32BigEndian(request, 16);
            BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(4), CancelRequestCode);
            BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(8), _processId);
            BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(12), _secretKey);
            socket.Send(request);
        }
        catch (SocketException)
        {
            // Best effort, as libpq's PQcancel: the query then runs to its end.
        }
    }

    private async Task<(char Type, byte[] Body)> ReadMessageAsync(CancellationToken cancellationToken)
    {
        var header = new byte[5];
        await _stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
        var body = new byte[length - 4];
        await _stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        return ((char)header[0], body);
    }

    private async Task WriteMessageAsync(char type, byte[] body, CancellationToken cancellationToken)
    {
        var message = new byte[5 + body.Length];
        message[0] = (byte)type;
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), 4 + body.Length);
        body.CopyTo(message, 5);
        await _stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    // ParameterStatus: a setting's name and value, each NUL-terminated.
    private void RecordParameter(byte[] message)
    {
        var nameEnd = Array.IndexOf(message, (byte)0);
        var valueEnd = Array.IndexOf(message, (byte)0, nameEnd + 1);
        if (nameEnd > 0 && valueEnd > nameEnd)
        {
            _serverParameters[Encoding.UTF8.GetString(message, 0, nameEnd)] = Encoding.UTF8.GetString(message, nameEnd + 1, valueEnd - nameEnd - 1);
        }
    }

    // DataRow: a column count, then each value's length (-1 for NULL) and its bytes, text format.
    private static string?[] ParseDataRow(byte[] body)
    {
        var values = new string?[BinaryPrimitives.ReadInt16BigEndian(body)];
        var offset = 2;
        for (var i = 0; i < values.Length; i++)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(offset));
            offset += 4;
            if (length >= 0)
            {
                values[i] = Encoding.UTF8.GetString(body, offset, length);
                offset += length;
            }
        }
        return values;
    }

    private static ServerError ParseError(byte[] body, int completed)
    {
        var fields = new Dictionary<char, string>();
        var i = 0;
        while (i < body.Length && body[i] != 0)
        {
            var code = (char)body[i++];
            var end = Array.IndexOf(body, (byte)0, i);
            fields[code] = Encoding.UTF8.GetString(body, i, end - i);
            i = end + 1;
        }
        return new ServerError(
            fields.GetValueOrDefault('V') ?? fields.GetValueOrDefault('S') ?? "ERROR",
            fields.GetValueOrDefault('C') ?? "XX000",
            fields.GetValueOrDefault('M') ?? "unknown error",
            fields.GetValueOrDefault('D'),
            fields.GetValueOrDefault('H'),
            int.TryParse(fields.GetValueOrDefault('P'), out var position) ? position : null,
            fields.GetValueOrDefault('W'),
            completed);
    }

    private static void WriteInt32(Stream stream, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        stream.Write(bytes);
    }

    private static void WriteCString(Stream stream, string value)
    {
        stream.Write(Encoding.UTF8.GetBytes(value));
        stream.WriteByte(0);
    }

    /// <summary>SCRAM-SHA-256 without channel binding (RFC 5802, RFC 7677), as PostgreSQL's SASL exchange runs it.</summary>
    private sealed class Scram(string password)
    {
        private readonly string _clientNonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        private byte[] _serverSignature = [];

        // The user name is sent in the startup message; PostgreSQL ignores the one here.
        public string ClientFirst => "n,," + ClientFirstBare;

        private string ClientFirstBare => "n=*,r=" + _clientNonce;

        public string ClientFinal(string serverFirst)
        {
            var attributes = serverFirst.Split(',').Where(a => a.Length > 2).ToDictionary(a => a[0], a => a[2..]);
            var nonce = attributes['r'];
            if (!nonce.StartsWith(_clientNonce, StringComparison.Ordinal))
            {
                throw new PostgresProtocolException("The server's SCRAM nonce does not extend ours.");
            }
            var salt = Convert.FromBase64String(attributes['s']);
            var iterations = int.Parse(attributes['i'], System.Globalization.CultureInfo.InvariantCulture);
            var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
            var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
            var storedKey = SHA256.HashData(clientKey);
            var withoutProof = "c=biws,r=" + nonce;
            var authMessage = Encoding.UTF8.GetBytes(ClientFirstBare + "," + serverFirst + "," + withoutProof);
            var clientSignature = HMACSHA256.HashData(storedKey, authMessage);
            var proof = new byte[clientKey.Length];
            for (var k = 0; k < proof.Length; k++)
            {
                proof[k] = (byte)(clientKey[k] ^ clientSignature[k]);
            }
            _serverSignature = HMACSHA256.HashData(HMACSHA256.HashData(salted, "Server Key"u8), authMessage);
            return withoutProof + ",p=" + Convert.ToBase64String(proof);
        }

        public void VerifyServer(string serverFinal)
        {
            if (!serverFinal.StartsWith("v=", StringComparison.Ordinal) ||
                !CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(serverFinal[2..].Split(',')[0]), _serverSignature))
            {
                throw new PostgresProtocolException("The server's SCRAM signature does not match; it may not know the password.");
            }
        }
    }
}
