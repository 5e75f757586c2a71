using Npgsql;
using PluginDb.Core.Schemas;

namespace PluginDb.Datasources.Schemas;

/// <summary>
/// Reads one PostgreSQL schema into a <see cref="DatabaseSchema"/> from pg_catalog, in one round trip
/// (a batch of six queries, as Weasel's <c>Table.FetchExisting</c> reads a table with one batch).
/// Types come from <c>format_type</c>, defaults, predicates and CHECKs from <c>pg_get_expr</c>, index
/// expressions from <c>pg_get_indexdef</c> and views from <c>pg_get_viewdef</c>, all normalised by
/// <see cref="SchemaNormalization"/>. Leaves out <c>_prisma_migrations</c>, extension members and
/// sequences owned by a column.
/// </summary>
public static class PostgresIntrospector
{
    public static async Task<DatabaseSchema> ReadAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(schema);
        var batch = new NpgsqlBatch(connection);
        await using (batch.ConfigureAwait(false))
        {
            foreach (var sql in new[]
                     {
                         PostgresCatalogQueries.Columns, PostgresCatalogQueries.Constraints, PostgresCatalogQueries.Indexes,
                         PostgresCatalogQueries.Enums, PostgresCatalogQueries.Views, PostgresCatalogQueries.Sequences,
                     })
            {
                var command = new NpgsqlBatchCommand(sql);
                command.Parameters.Add(new NpgsqlParameter { Value = schema });
                batch.BatchCommands.Add(command);
            }
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var catalog = new PostgresCatalog(schema);
                await catalog.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
                return catalog.Build();
            }
        }
    }
}
