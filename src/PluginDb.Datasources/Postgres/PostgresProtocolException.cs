namespace PluginDb.Datasources.Postgres;

/// <summary>A session of the tool's own PostgreSQL client could not be opened, broke off, or the server refused a statement (<see cref="SqlState"/>).</summary>
public sealed class PostgresProtocolException : Exception
{
    /// <summary>The server's SQLSTATE when it refused a statement; null when the session itself failed.</summary>
    public string? SqlState { get; init; }

    public PostgresProtocolException()
    {
    }

    public PostgresProtocolException(string message)
        : base(message)
    {
    }

    public PostgresProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
