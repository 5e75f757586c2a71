namespace PluginDb.Datasources.Postgres;

/// <summary>
/// How the isolation probe runs. Each plugin in flight holds up to its connection limit + 1
/// sessions while its limit is tested, so <see cref="MaxParallelism"/> × (limit + 1) must stay
/// below the server's <c>max_connections</c>.
/// </summary>
public sealed record IsolationProbeOptions(int MaxParallelism = 8, bool TestConnectionLimits = true)
{
    public static IsolationProbeOptions Default { get; } = new();
}
