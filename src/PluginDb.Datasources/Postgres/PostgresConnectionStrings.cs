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
    public static NpgsqlConnectionStringBuilder Parse(string urlOrConnectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(urlOrConnectionString);
        var text = urlOrConnectionString.Trim();
        if (!text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) &&
            !text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(text);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Not a PostgreSQL URL or connection string: {e.Message}", nameof(urlOrConnectionString), e);
            }
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || string.IsNullOrEmpty(url.Host))
        {
            throw new ArgumentException("Not a PostgreSQL URL: expected postgresql://user:password@host:port/database.", nameof(urlOrConnectionString));
        }

        var userInfo = url.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host.Trim('[', ']'),
            Port = url.IsDefaultPort || url.Port < 0 ? 5432 : url.Port,
            Username = NullIfEmpty(Uri.UnescapeDataString(userInfo[0])),
            Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null,
            Database = NullIfEmpty(Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/'))),
        };
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, Uri.UnescapeDataString(v)) : (pair, string.Empty);
            Apply(builder, Uri.UnescapeDataString(key), value);
        }

        return builder;
    }

    // The libpq parameters a URL commonly carries; Prisma's own (schema=…) name no connection setting.
    private static void Apply(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "sslmode":
                builder.SslMode = Enum.Parse<SslMode>(value.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true);
                break;
            case "sslrootcert":
                builder.RootCertificate = value;
                break;
            case "sslcert":
                builder.SslCertificate = value;
                break;
            case "sslkey":
                builder.SslKey = value;
                break;
            case "connect_timeout":
                builder.Timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "user":
                builder.Username = value;
                break;
            case "password":
                builder.Password = value;
                break;
            case "schema" or "connection_limit" or "pool_timeout":
                break;
            default:
                throw new ArgumentException($"The URL parameter '{key}' is not supported.", nameof(key));
        }
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
