using Npgsql;
using PluginDb.Datasources.Postgres;
using PluginDb.Datasources.Schemas;

namespace PluginDb.Datasources.Live;

/// <summary>
/// Reads one schema of a PostgreSQL database inside a <c>READ ONLY</c>, <c>REPEATABLE READ</c>
/// transaction, so the server refuses any write and the structure and the history come from one
/// snapshot; the transaction is rolled back.
/// </summary>
public static class PostgresLiveReader
{
    /// <summary>The schema's structure and history, or null when the database has no such schema.</summary>
    /// <exception cref="NpgsqlException">The server could not be reached or read.</exception>
    public static async Task<LiveDatabase?> ReadAsync(string connectionString, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(schema);
        var settings = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "plugindb-drift" };
        var connection = new NpgsqlConnection(settings.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", cancellationToken).ConfigureAwait(false);
            try
            {
                var exists = new NpgsqlCommand(PostgresMigrationsTable.SchemaExists, connection) { Parameters = { new NpgsqlParameter { Value = schema } } };
                await using (exists.ConfigureAwait(false))
                {
                    if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                    {
                        return null;
                    }
                }
                // pg_get_viewdef qualifies names outside the search_path, so the same view would read
                // differently through a role whose search_path is its schema and through any other.
                await ExecuteAsync(connection, $"SET LOCAL search_path TO {PostgresMigrationsTable.QuoteIdentifier(schema)}", cancellationToken).ConfigureAwait(false);
                var structure = await PostgresIntrospector.ReadAsync(connection, schema, cancellationToken).ConfigureAwait(false);
                var history = await PostgresMigrationRunner.ReadHistoryAsync(connection, schema, cancellationToken).ConfigureAwait(false);
                return new LiveDatabase(structure, history);
            }
            finally
            {
                // A broken session has no transaction left to end; the read's own error says why.
                if (connection.State == System.Data.ConnectionState.Open)
                {
                    await ExecuteAsync(connection, "ROLLBACK", CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
