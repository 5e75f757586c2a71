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
        var sql = Batch(schema, PostgresCatalogQueries.Columns, PostgresCatalogQueries.Constraints, PostgresCatalogQueries.Indexes,
            PostgresCatalogQueries.Enums, PostgresCatalogQueries.Views, PostgresCatalogQueries.Sequences);
        var catalog = new PostgresCatalog(schema);
        catalog.Read(await session.ReadAsync(sql, cancellationToken).ConfigureAwait(false));
        return catalog.Build();
    }

    /// <summary>
    /// As above, split over two sessions of one database that nothing else writes to (a replay's own,
    /// once it ended), both opened with the schema as their search path: constraints and indexes, about
    /// half of the server's time, on <paramref name="reading"/> (opened with
    /// <see cref="SimpleQueryConnection.ReadingSettings"/>), the rest on <paramref name="other"/>, at the
    /// same time. The other session first gets the reading one's settings (a migration may have SET
    /// anything in it): RESET ALL takes it back to its defaults, the search path included, which shapes
    /// how views, types and defaults read; then DateStyle ISO and UTC.
    /// </summary>
    internal static async Task<DatabaseSchema> ReadAsync(SimpleQueryConnection reading, SimpleQueryConnection other, string schema, CancellationToken cancellationToken)
    {
        var settings = "RESET ALL;\n" + string.Concat(SimpleQueryConnection.ReadingSettings.Select(s => $"SET {s.Name} TO '{s.Value}';\n"));
        var keys = reading.ReadAsync(Batch(schema, PostgresCatalogQueries.Constraints, PostgresCatalogQueries.Indexes), cancellationToken);
        var rest = other.ReadAsync(settings + Batch(schema, PostgresCatalogQueries.Columns, PostgresCatalogQueries.Enums, PostgresCatalogQueries.Views, PostgresCatalogQueries.Sequences), cancellationToken);
        await Task.WhenAll(keys, rest).ConfigureAwait(false);
        var (k, r) = (await keys.ConfigureAwait(false), await rest.ConfigureAwait(false));
        var catalog = new PostgresCatalog(schema);
        catalog.Read([r[0], k[0], k[1], r[1], r[2], r[3]]);
        return catalog.Build();
    }

    private static string Batch(string schema, params string[] queries)
    {
        var name = PostgresIdentifiers.QuoteLiteral(schema);
        return string.Join(";\n", queries.Select(query => SimpleQueryConnection.Bind(query, name)));
    }
}
