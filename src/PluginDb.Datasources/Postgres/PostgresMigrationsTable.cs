namespace PluginDb.Datasources.Postgres;

/// <summary>
/// Prisma Migrate's bookkeeping table on PostgreSQL and the statements the schema engine runs on it,
/// verbatim (the Prisma peer's FACTS §1). The unqualified ones rely on <c>search_path</c> being the
/// plugin's schema, as Prisma relies on <c>?schema=</c>.
/// </summary>
internal static class PostgresMigrationsTable
{
    public const string Name = "_prisma_migrations";

    public const string CreateStatement =
        "CREATE TABLE _prisma_migrations (\n" +
        "    id                      VARCHAR(36) PRIMARY KEY NOT NULL,\n" +
        "    checksum                VARCHAR(64) NOT NULL,\n" +
        "    finished_at             TIMESTAMPTZ,\n" +
        "    migration_name          VARCHAR(255) NOT NULL,\n" +
        "    logs                    TEXT,\n" +
        "    rolled_back_at          TIMESTAMPTZ,\n" +
        "    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),\n" +
        "    applied_steps_count     INTEGER NOT NULL DEFAULT 0\n" +
        ");";

    public const string SchemaExists = "SELECT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = $1)";

    public const string Lock = "SELECT pg_advisory_lock($1)";

    public const string Unlock = "SELECT pg_advisory_unlock($1)";

    public const string ProbeTables =
        "SELECT tbl.relname AS table_name, namespace.nspname AS table_namespace FROM pg_class AS tbl " +
        "INNER JOIN pg_namespace AS namespace ON namespace.oid = tbl.relnamespace WHERE tbl.relkind = 'r' AND namespace.nspname = ANY ( $1 )";

    public const string InsertStarted =
        "INSERT INTO \"_prisma_migrations\" (\"id\",\"checksum\",\"started_at\",\"migration_name\") VALUES ($1,$2,$3,$4)";

    public const string IncrementSteps =
        "UPDATE \"_prisma_migrations\" SET \"applied_steps_count\" = (\"applied_steps_count\" + $1) WHERE \"id\" = $2";

    public const string SetFinished = "UPDATE \"_prisma_migrations\" SET \"finished_at\" = $1 WHERE \"id\" = $2";

    public const string SetLogs = "UPDATE \"_prisma_migrations\" SET \"logs\" = $1 WHERE \"id\" = $2";

    /// <summary>Prisma's history query, qualified so it can also read a schema that is not on the search path.</summary>
    public static string SelectRows(string schema) =>
        "SELECT \"id\", \"checksum\", \"finished_at\", \"migration_name\", \"logs\", \"rolled_back_at\", \"started_at\", \"applied_steps_count\" " +
        $"FROM {QuoteIdentifier(schema)}.\"_prisma_migrations\" ORDER BY \"started_at\" ASC";

    public static string QuoteIdentifier(string name) => PluginDb.Core.Datasources.PostgresIdentifiers.Quote(name);
}
