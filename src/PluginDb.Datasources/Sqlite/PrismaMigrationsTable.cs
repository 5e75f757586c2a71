namespace PluginDb.Datasources.Sqlite;

/// <summary>Prisma Migrate's bookkeeping table on SQLite, exactly as the schema engine creates and queries it.</summary>
internal static class PrismaMigrationsTable
{
    public const string Name = "_prisma_migrations";

    // Verbatim from the schema engine (see the Prisma peer's FACTS §1): `prisma migrate` compares
    // nothing but the columns, yet `sqlite3 .schema` output should be indistinguishable.
    public const string CreateStatement =
        "CREATE TABLE \"_prisma_migrations\" (\n" +
        "    \"id\"                    TEXT PRIMARY KEY NOT NULL,\n" +
        "    \"checksum\"              TEXT NOT NULL,\n" +
        "    \"finished_at\"           DATETIME,\n" +
        "    \"migration_name\"        TEXT NOT NULL,\n" +
        "    \"logs\"                  TEXT,\n" +
        "    \"rolled_back_at\"        DATETIME,\n" +
        "    \"started_at\"            DATETIME NOT NULL DEFAULT current_timestamp,\n" +
        "    \"applied_steps_count\"   INTEGER UNSIGNED NOT NULL DEFAULT 0\n" +
        ");";

    public const string ProbeTables = "SELECT name AS table_name FROM sqlite_master WHERE type='table' ORDER BY name ASC";

    public const string SelectRows =
        "SELECT `id`, `checksum`, `finished_at`, `migration_name`, `logs`, `rolled_back_at`, `started_at`, `applied_steps_count` " +
        "FROM `_prisma_migrations` ORDER BY `started_at` ASC";

    public const string InsertStarted =
        "INSERT INTO `_prisma_migrations` (`id`, `checksum`, `started_at`, `migration_name`) VALUES ($id, $checksum, $started, $name)";

    public const string InsertFailed =
        "INSERT INTO `_prisma_migrations` (`id`, `checksum`, `started_at`, `migration_name`, `logs`) VALUES ($id, $checksum, $started, $name, $logs)";

    public const string IncrementSteps =
        "UPDATE `_prisma_migrations` SET `applied_steps_count` = (`applied_steps_count` + $steps) WHERE `id` = $id";

    public const string SetFinished = "UPDATE `_prisma_migrations` SET `finished_at` = $finished WHERE `id` = $id";
}
