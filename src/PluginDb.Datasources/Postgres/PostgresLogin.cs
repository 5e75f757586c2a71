using Npgsql;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// What the tool's own client needs to log in: where, as whom, into which database, and how to secure
/// it. Read from a URL without Npgsql, whose connection-string builder costs a cold process some 15 ms
/// on first use; <see cref="ToBuilder"/> and <see cref="From"/> cross over where Npgsql is used anyway.
/// </summary>
internal sealed record PostgresLogin(string Host, int Port, string? Username, string? Password, string? Database)
{
    /// <summary>Npgsql's default, and libpq's: TLS when the server offers it.</summary>
    public SslMode SslMode { get; init; } = SslMode.Prefer;

    public string? RootCertificate { get; init; }

    public string? SslCertificate { get; init; }

    public string? SslKey { get; init; }

    /// <summary>Seconds to wait for the connection and the session start; 0 waits as long as it takes. Npgsql's default is 15.</summary>
    public int Timeout { get; init; } = 15;

    public string? ApplicationName { get; init; }

    public string? SearchPath { get; init; }

    public static PostgresLogin From(NpgsqlConnectionStringBuilder settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new PostgresLogin(settings.Host ?? "localhost", settings.Port, settings.Username, settings.Password, settings.Database)
        {
            SslMode = settings.SslMode,
            RootCertificate = settings.RootCertificate,
            SslCertificate = settings.SslCertificate,
            SslKey = settings.SslKey,
            Timeout = settings.Timeout,
            ApplicationName = settings.ApplicationName,
            SearchPath = settings.SearchPath,
        };
    }

    public NpgsqlConnectionStringBuilder ToBuilder() => new()
    {
        Host = Host,
        Port = Port,
        Username = Username,
        Password = Password,
        Database = Database,
        SslMode = SslMode,
        RootCertificate = RootCertificate,
        SslCertificate = SslCertificate,
        SslKey = SslKey,
        Timeout = Timeout,
        ApplicationName = ApplicationName,
        SearchPath = SearchPath,
    };
}
