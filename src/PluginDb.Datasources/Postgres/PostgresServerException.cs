namespace PluginDb.Datasources.Postgres;

/// <summary>
/// A PostgreSQL server for the run could not be started, reached or torn down: a fault of the
/// environment (exit code 3), never a finding about a plugin.
/// </summary>
public class PostgresServerException : Exception
{
    public PostgresServerException()
    {
    }

    public PostgresServerException(string message)
        : base(message)
    {
    }

    public PostgresServerException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
