namespace PluginDb.Datasources.Postgres;

/// <summary>
/// Where a plugin role's password is kept between runs. Without a stored password a reused role
/// gets a new one, because the old one cannot be read back from the server.
/// </summary>
public interface ISecretStore
{
    /// <summary>The descriptor's <c>secretsRef</c>: a name for the secret that is not the secret (<c>memory:ledger</c>, <c>file:secrets/ledger.pgpass</c>).</summary>
    string RefFor(string pluginId);

    /// <summary>The stored secret, or null when there is none.</summary>
    Task<PostgresSecret?> ReadAsync(string pluginId, CancellationToken cancellationToken);

    Task WriteAsync(string pluginId, PostgresSecret secret, CancellationToken cancellationToken);

    /// <summary>Forgets the secret; nothing happens when there is none.</summary>
    Task DeleteAsync(string pluginId, CancellationToken cancellationToken);
}
