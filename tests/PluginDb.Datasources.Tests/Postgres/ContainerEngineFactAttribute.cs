using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>
/// A test that needs a Docker-API engine. It is skipped, saying why, when none answers — unless
/// PLUGINDB_REQUIRE_CONTAINERS=1 (CI), where it runs and fails, so a broken engine cannot pass silently.
/// </summary>
public sealed class ContainerEngineFactAttribute : FactAttribute
{
    private static readonly Lazy<Uri?> Engine = new(() => ContainerEngineProbe.Find(null, ContainerEngineProbe.DefaultTimeout));

    public ContainerEngineFactAttribute()
    {
        if (Engine.Value is null && Environment.GetEnvironmentVariable("PLUGINDB_REQUIRE_CONTAINERS") != "1")
        {
            Skip = ContainerEngineProbe.NoEngineMessage(null) + " Set PLUGINDB_REQUIRE_CONTAINERS=1 to fail instead of skipping.";
        }
    }

    /// <summary>The engine that answered, for tests that look at containers from outside.</summary>
    public static Uri Endpoint => Engine.Value ?? throw new ContainerEngineUnavailableException(ContainerEngineProbe.NoEngineMessage(null));
}
