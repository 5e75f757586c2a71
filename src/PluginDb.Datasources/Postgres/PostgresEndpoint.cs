using Npgsql;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// Where plugins reach the database: the host, port and database their URLs name. It can differ
/// from the admin connection (which may use a Unix socket or a different address).
/// </summary>
public sealed record PostgresEndpoint(string Host, int Port, string Database)
{
    /// <summary>The endpoint an admin connection string points at.</summary>
    public static PostgresEndpoint FromConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new PostgresEndpoint(
            builder.Host ?? throw new ArgumentException("The connection string names no host.", nameof(connectionString)),
            builder.Port,
            builder.Database ?? throw new ArgumentException("The connection string names no database.", nameof(connectionString)));
    }

    /// <summary>
    /// A connection string for a plugin role. Pooling is off: a probe or a password check must
    /// open a real session and close it for good, not leave it idle in a pool holding a slot of
    /// the role's connection limit.
    /// </summary>
    public string ConnectionStringFor(string role, string password) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Database = Database,
        Username = role,
        Password = password,
        Pooling = false,
        Timeout = 15,
    }.ConnectionString;
}
