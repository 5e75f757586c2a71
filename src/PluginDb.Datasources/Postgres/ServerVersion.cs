namespace PluginDb.Datasources.Postgres;

/// <summary>A server's version: <c>server_version_num</c> / 10000 and <c>server_version</c>; how many connections it had free when it answered; and who owns the public schema.</summary>
internal sealed record ServerVersion(int Major, string Text)
{
    /// <summary><c>max_connections</c> less the superuser reserve and the client sessions open when the server answered; unbounded when not asked.</summary>
    public int FreeConnections { get; init; } = int.MaxValue;

    /// <summary>Whether the <c>public</c> schema of the database asked belongs to <c>pg_database_owner</c>; taken as true of the databases the server creates from its template.</summary>
    public bool PublicSchemaFollowsDatabaseOwner { get; init; }
}
