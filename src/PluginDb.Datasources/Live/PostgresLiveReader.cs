using Npgsql;
using PluginDb.Core.Datasources;
using PluginDb.Datasources.Postgres;
using PluginDb.Datasources.Schemas;

namespace PluginDb.Datasources.Live;

/// <summary>
/// Reads one schema of a PostgreSQL database inside a <c>READ ONLY</c>, <c>REPEATABLE READ</c>
/// transaction, so the server refuses any write and the structure and the history come from one
/// snapshot; the transaction is rolled back. Timestamps are read in UTC.
/// </summary>
public static class PostgresLiveReader
{
    /// <summary>The schema's structure and history, or null when the database has no such schema.</summary>
    /// <exception cref="PostgresProtocolException">The server could not be reached or read.</exception>
    public static async Task<LiveDatabase?> ReadAsync(string connectionString, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(schema);
        var settings = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "plugindb-drift" };
        var session = await SimpleQueryConnection.OpenAsync(settings, SimpleQueryConnection.ReadingSettings, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await ReadAsync(session, schema, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>As above, in an open session (DateStyle ISO) that is in no transaction; it is left in none.</summary>
    internal static async Task<LiveDatabase?> ReadAsync(SimpleQueryConnection session, string schema, CancellationToken cancellationToken)
    {
        try
        {
            // pg_get_viewdef qualifies names outside the search_path, so the same view would read
            // differently through a role whose search_path is its schema and through any other.
            var exists = await session.ScalarAsync(
                "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY; " +
                $"SET LOCAL search_path TO {PostgresMigrationsTable.QuoteIdentifier(schema)}; " +
                SimpleQueryConnection.Bind(PostgresMigrationsTable.SchemaExists, PostgresIdentifiers.QuoteLiteral(schema)), cancellationToken).ConfigureAwait(false);
            if (!PostgresText.Boolean(exists))
            {
                return null;
            }
            var structure = await PostgresIntrospector.ReadAsync(session, schema, cancellationToken).ConfigureAwait(false);
            var history = await PostgresMigrationRunner.ReadHistoryAsync(session, schema, cancellationToken).ConfigureAwait(false);
            return new LiveDatabase(structure, history);
        }
        finally
        {
            // Ends the read's transaction, whether it got that far or failed inside it (a ROLLBACK outside one only warns).
            try
            {
                await session.QueryAsync("ROLLBACK", CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException)
            {
                // The session broke off; the server ends its transaction with it.
            }
        }
    }
}
