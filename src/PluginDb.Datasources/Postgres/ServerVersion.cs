namespace PluginDb.Datasources.Postgres;

/// <summary>A server's version: <c>server_version_num</c> / 10000 and <c>server_version</c>; and how many connections it had free when it answered.</summary>
internal sealed record ServerVersion(int Major, string Text)
{
    /// <summary><c>max_connections</c> less the superuser reserve and the client sessions open when the server answered; unbounded when not asked.</summary>
    public int FreeConnections { get; init; } = int.MaxValue;
}
