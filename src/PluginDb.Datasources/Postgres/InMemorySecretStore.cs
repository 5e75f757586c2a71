using System.Collections.Concurrent;

namespace PluginDb.Datasources.Postgres;

/// <summary>Secrets of a pipeline run: its datasources are thrown away with it, so are their passwords.</summary>
public sealed class InMemorySecretStore : ISecretStore
{
    private readonly ConcurrentDictionary<string, PostgresSecret> _secrets = new(StringComparer.Ordinal);

    public string RefFor(string pluginId) => "memory:" + pluginId;

    public Task<PostgresSecret?> ReadAsync(string pluginId, CancellationToken cancellationToken) =>
        Task.FromResult(_secrets.TryGetValue(pluginId, out var secret) ? secret : null);

    public Task WriteAsync(string pluginId, PostgresSecret secret, CancellationToken cancellationToken)
    {
        _secrets[pluginId] = secret;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string pluginId, CancellationToken cancellationToken)
    {
        _secrets.TryRemove(pluginId, out _);
        return Task.CompletedTask;
    }
}
