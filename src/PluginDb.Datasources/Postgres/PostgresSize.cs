using Npgsql;

namespace PluginDb.Datasources.Postgres;

/// <summary>How much disk a plugin's schema takes, to compare with <c>limits.storageMb</c>.</summary>
public static class PostgresSize
{
    /// <summary>
    /// The sum of <c>pg_total_relation_size</c> over the schema's tables, materialized views and
    /// sequences. Indexes and TOAST tables are inside their table's total, so they are not added
    /// again. 0 for an empty or missing schema.
    /// </summary>
    public static async Task<long> SchemaBytesAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(schema);
        await using var command = dataSource.CreateCommand("""
            SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'm', 'S')
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
