namespace PluginDb.Datasources.Postgres;

/// <summary>No PostgreSQL server binaries (<c>initdb</c>, <c>pg_ctl</c>) were found on this machine.</summary>
public sealed class PostgresBinariesNotFoundException : PostgresSourceUnavailableException
{
    public PostgresBinariesNotFoundException()
    {
    }

    public PostgresBinariesNotFoundException(string message)
        : base(message)
    {
    }

    public PostgresBinariesNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
