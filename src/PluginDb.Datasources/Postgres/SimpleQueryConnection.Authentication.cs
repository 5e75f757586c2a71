using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PluginDb.Datasources.Postgres;

/// <summary>The startup exchange: startup parameters, then trust, password, MD5 or SCRAM-SHA-256 authentication.</summary>
internal sealed partial class SimpleQueryConnection
{
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
