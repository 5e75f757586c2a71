using System.Globalization;
using System.Text;
using Npgsql;

namespace PluginDb.Datasources.Postgres;

/// <summary>Reads a server address given as a URL or as a connection string.</summary>
public static class PostgresConnectionStrings
{
    /// <summary>
    /// Accepts <c>postgresql://user:password@host:port/database?sslmode=require</c> (also <c>postgres://</c>,
    /// as libpq and Prisma write it) and <c>Host=…;Username=…</c> connection strings.
    /// </summary>
    /// <exception cref="ArgumentException">The text is neither.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string urlOrConnectionString) =>
        IsUrl(urlOrConnectionString) ? ParseUrl(urlOrConnectionString).ToBuilder() : ParseConnectionString(urlOrConnectionString);

    /// <summary>As <see cref="Parse"/>, for the tool's own client: a URL is read without Npgsql.</summary>
    internal static PostgresLogin ParseLogin(string urlOrConnectionString) =>
        IsUrl(urlOrConnectionString) ? ParseUrl(urlOrConnectionString) : PostgresLogin.From(ParseConnectionString(urlOrConnectionString));

    internal static bool IsUrl(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var trimmed = text.TrimStart();
        return trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);
    }

    private static NpgsqlConnectionStringBuilder ParseConnectionString(string text)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(text.Trim());
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Not a PostgreSQL URL or connection string: {e.Message}", "urlOrConnectionString", e);
        }
    }

    /// <summary>
    /// Reads <c>scheme://[user[:password]@]host[:port][/database][?key=value&amp;…]</c> as libpq's URIs
    /// are written, IPv6 hosts in brackets. Read by hand: System.Uri's first use costs a cold process
    /// some 25 ms, most of a warm drift check's wait for its server.
    /// </summary>
    private static PostgresLogin ParseUrl(string text)
    {
        var rest = text.Trim();
        rest = rest[(rest.IndexOf("://", StringComparison.Ordinal) + 3)..];
        if (rest.IndexOf('#', StringComparison.Ordinal) is var fragment and >= 0)
        {
            rest = rest[..fragment];
        }
        var query = string.Empty;
        if (rest.IndexOf('?', StringComparison.Ordinal) is var question and >= 0)
        {
            (rest, query) = (rest[..question], rest[(question + 1)..]);
        }
        var path = string.Empty;
        if (rest.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0)
        {
            (rest, path) = (rest[..slash], rest[(slash + 1)..]);
        }
        string[] userInfo = [];
        if (rest.LastIndexOf('@') is var at and >= 0)
        {
            userInfo = rest[..at].Split(':', 2);
            rest = rest[(at + 1)..];
        }
        var (host, port) = HostAndPort(rest);

        var login = new PostgresLogin(
            host,
            port,
            userInfo.Length > 0 ? NullIfEmpty(PercentDecode(userInfo[0])) : null,
            userInfo.Length > 1 ? PercentDecode(userInfo[1]) : null,
            NullIfEmpty(PercentDecode(path)));
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, PercentDecode(v)) : (pair, string.Empty);
            login = Apply(login, PercentDecode(key), value);
        }
        return login;
    }

    private static (string Host, int Port) HostAndPort(string authority)
    {
        var (host, port) = authority.StartsWith('[') && authority.IndexOf(']', StringComparison.Ordinal) is var close and > 0
            ? (authority[1..close], authority[(close + 1)..])
            : authority.LastIndexOf(':') is var colon and >= 0 ? (authority[..colon], authority[colon..]) : (authority, string.Empty);
        if (host.Length == 0 || (port.Length > 0 && !port.StartsWith(':')))
        {
            throw new ArgumentException("Not a PostgreSQL URL: expected postgresql://user:password@host:port/database.", "urlOrConnectionString");
        }
        if (port.Length <= 1)
        {
            return (PercentDecode(host), 5432);
        }
        return int.TryParse(port.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 65535
            ? (PercentDecode(host), number)
            : throw new ArgumentException($"Not a PostgreSQL URL: the port '{port[1..]}' is not a number from 1 to 65535.", "urlOrConnectionString");
    }

    /// <summary>%XX escapes as UTF-8 bytes, as URLs carry them; a % not followed by two hex digits stays as it is.</summary>
    internal static string PercentDecode(string text)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }
        var bytes = new List<byte>(text.Length);
        var literal = 0;
        for (var i = 0; i + 2 < text.Length; i++)
        {
            if (text[i] == '%' && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]))
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[literal..i]));
                bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                i += 2;
                literal = i + 1;
            }
        }
        bytes.AddRange(Encoding.UTF8.GetBytes(text[literal..]));
        return Encoding.UTF8.GetString([.. bytes]);
    }

    // The libpq parameters a URL commonly carries; Prisma's own (schema=…) name no connection setting.
    private static PostgresLogin Apply(PostgresLogin login, string key, string value) => key.ToLowerInvariant() switch
    {
        "sslmode" => login with { SslMode = Enum.Parse<SslMode>(value.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true) },
        "sslrootcert" => login with { RootCertificate = value },
        "sslcert" => login with { SslCertificate = value },
        "sslkey" => login with { SslKey = value },
        "connect_timeout" => login with { Timeout = int.Parse(value, CultureInfo.InvariantCulture) },
        "application_name" => login with { ApplicationName = value },
        "user" => login with { Username = value },
        "password" => login with { Password = value },
        "schema" or "connection_limit" or "pool_timeout" => login,
        _ => throw new ArgumentException($"The URL parameter '{key}' is not supported.", nameof(key)),
    };

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
