namespace PluginDb.Datasources.Postgres;

/// <summary>A plugin role's credentials: one line of a libpq password file.</summary>
public sealed record PostgresSecret(string Host, int Port, string Database, string Role, string Password)
{
    /// <summary>Whether this secret belongs to <paramref name="role"/> at <paramref name="endpoint"/>.</summary>
    public bool IsFor(PostgresEndpoint endpoint, string role) =>
        Host == endpoint.Host && Port == endpoint.Port && Database == endpoint.Database && Role == role;

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Host = {Host}, Port = {Port}, Database = {Database}, Role = {Role}, Password = {Core.Datasources.DatasourceUrls.Mask}");
        return true;
    }
}
