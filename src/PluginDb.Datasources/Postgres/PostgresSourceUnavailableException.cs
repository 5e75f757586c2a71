namespace PluginDb.Datasources.Postgres;

/// <summary>The chosen source cannot provide a server here; the message says how to get one.</summary>
public class PostgresSourceUnavailableException : PostgresServerException
{
    public PostgresSourceUnavailableException()
    {
    }

    public PostgresSourceUnavailableException(string message)
        : base(message)
    {
    }

    public PostgresSourceUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
