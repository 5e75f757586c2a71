namespace PluginDb.Datasources.Postgres;

/// <summary>No Docker-API container engine answered at the endpoints tried.</summary>
public sealed class ContainerEngineUnavailableException : PostgresSourceUnavailableException
{
    public ContainerEngineUnavailableException()
    {
    }

    public ContainerEngineUnavailableException(string message)
        : base(message)
    {
    }

    public ContainerEngineUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
