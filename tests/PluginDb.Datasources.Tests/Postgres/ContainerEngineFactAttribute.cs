using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>
/// A test that needs a Docker-API engine. It is skipped, saying why, when none answers — unless
/// PLUGINDB_REQUIRE_CONTAINERS=1 (CI), where it runs and fails, so a broken engine cannot pass silently.
/// </summary>
public sealed class ContainerEngineFactAttribute : FactAttribute
{
    private static readonly Lazy<Uri?> Engine = new(() => ContainerEngineProbe.Find(Configured, ContainerEngineProbe.DefaultTimeout));

    /// <summary>The engine the environment names (<c>DOCKER_HOST</c>), as the tool's entry point passes it on.</summary>
    public static Uri? Configured =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? new Uri(host) : null;

    public ContainerEngineFactAttribute()
    {
        if (Engine.Value is null && Environment.GetEnvironmentVariable("PLUGINDB_REQUIRE_CONTAINERS") != "1")
        {
            Skip = ContainerEngineProbe.NoEngineMessage(Configured) + " Set PLUGINDB_REQUIRE_CONTAINERS=1 to fail instead of skipping.";
        }
    }

    /// <summary>The engine that answered, for tests that look at containers from outside.</summary>
    public static Uri Endpoint => Engine.Value ?? throw new ContainerEngineUnavailableException(ContainerEngineProbe.NoEngineMessage(Configured));
}
