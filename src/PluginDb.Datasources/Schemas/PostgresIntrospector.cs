using PluginDb.Core.Datasources;
using PluginDb.Core.Schemas;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Schemas;

/// <summary>
/// Reads one PostgreSQL schema into a <see cref="DatabaseSchema"/> from pg_catalog, in one round trip
/// (six queries in one simple-protocol Query message, so one snapshot, as Weasel's
/// <c>Table.FetchExisting</c> reads a table with one batch). Types come from <c>format_type</c>,
/// defaults, predicates and CHECKs from <c>pg_get_expr</c>, index expressions from
/// <c>pg_get_indexdef</c> and views from <c>pg_get_viewdef</c>, all normalised by
/// <see cref="SchemaNormalization"/>. Leaves out <c>_prisma_migrations</c>, extension members and
/// sequences owned by a column. Runs on the tool's own protocol client: no Npgsql start-up cost.
/// </summary>
public static class PostgresIntrospector
{
    /// <summary>Reads <paramref name="schema"/> through a session of its own with <paramref name="connectionString"/>'s settings (its search path shapes how views read).</summary>
    /// <exception cref="PostgresProtocolException">The server could not be reached or refused a catalog query.</exception>
    public static async Task<DatabaseSchema> ReadAsync(string connectionString, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(schema);
        var session = await SimpleQueryConnection.OpenAsync(connectionString, SimpleQueryConnection.ReadingSettings, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await ReadAsync(session, schema, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static async Task<DatabaseSchema> ReadAsync(SimpleQueryConnection session, string schema, CancellationToken cancellationToken)
    {
        var name = PostgresIdentifiers.QuoteLiteral(schema);
        var sql = string.Join(";\n", new[]
        {
            PostgresCatalogQueries.Columns, PostgresCatalogQueries.Constraints, PostgresCatalogQueries.Indexes,
            PostgresCatalogQueries.Enums, PostgresCatalogQueries.Views, PostgresCatalogQueries.Sequences,
        }.Select(query => SimpleQueryConnection.Bind(query, name)));
        var catalog = new PostgresCatalog(schema);
        catalog.Read(await session.ReadAsync(sql, cancellationToken).ConfigureAwait(false));
        return catalog.Build();
    }
}
