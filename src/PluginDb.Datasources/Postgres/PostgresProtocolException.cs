namespace PluginDb.Datasources.Postgres;

/// <summary>The PostgreSQL session used for simple-protocol scripts could not be opened or broke off.</summary>
public sealed class PostgresProtocolException : Exception
{
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
