namespace PluginDb.Datasources.Postgres;

/// <summary>A server was being started but did not become ready (it failed, or the startup timeout passed).</summary>
public sealed class PostgresStartupException : PostgresServerException
{
    public PostgresStartupException()
    {
    }

    public PostgresStartupException(string message)
        : base(message)
    {
    }

    public PostgresStartupException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
