namespace PluginDb.Core.Findings;

/// <summary>
/// Every finding code the tool emits. SDB1xx manifests, SDB2xx migration history, SDB3xx drift,
/// SDB4xx what new migrations do to a populated database, SDB5xx isolation and privileges, SDB6xx health.
/// </summary>
public static class FindingCodes
{
    public const string DocumentationRoot = "https://github.com/sovereign/plugin-db-action/blob/main/README.md";

    // SDB1xx: manifests, lock files and migration folders
    public static readonly FindingCode ManifestUnreadable = new("SDB100", Severity.Error, "Manifest unreadable",
        "plugin.json is missing or cannot be read.");
    public static readonly FindingCode ManifestNotJson = new("SDB101", Severity.Error, "Manifest is not valid JSON",
        "plugin.json is empty or is not well-formed JSON.");
    public static readonly FindingCode ManifestEncoding = new("SDB102", Severity.Error, "Manifest is not UTF-8",
        "plugin.json contains bytes that are not valid UTF-8.");
    public static readonly FindingCode ManifestTooLarge = new("SDB103", Severity.Error, "Manifest too large or too deep",
        "plugin.json is larger or more deeply nested than any real manifest needs; it is not read further.");
    public static readonly FindingCode ManifestSchema = new("SDB110", Severity.Error, "Manifest does not match the schema",
        "A value in plugin.json is missing, of the wrong type or not allowed by the plugin.json schema.");
    public static readonly FindingCode ModeProviderMismatch = new("SDB111", Severity.Error, "Mode and provider disagree",
        "sovereign.database.provider does not fit sovereign.database.mode (exclusive-sqlite needs sqlite, exclusive-postgres needs postgresql).");
    public static readonly FindingCode PostgresSchemaMissing = new("SDB112", Severity.Error, "Schema name missing",
        "An exclusive-postgres plugin must name its PostgreSQL schema in sovereign.database.schema.");
    public static readonly FindingCode PostgresSchemaInvalid = new("SDB113", Severity.Error, "Schema name not allowed",
        "The schema name must be a valid unquoted PostgreSQL identifier of at most 63 bytes and not public, information_schema or pg_*.");
    public static readonly FindingCode PathEscapesPlugin = new("SDB114", Severity.Error, "Path leaves the plugin",
        "migrations.directory and migrations.entryPoint must be relative paths that stay inside the plugin folder (no '..', no absolute path, no symlink leading out).");
    public static readonly FindingCode PathNotFound = new("SDB115", Severity.Error, "Path does not exist",
        "migrations.directory or migrations.entryPoint names a file or folder that does not exist.");
    public static readonly FindingCode LimitNotPositive = new("SDB116", Severity.Error, "Limit not a positive integer",
        "limits.storageMb and limits.connections must be positive integers.");
    public static readonly FindingCode ProviderNotSupported = new("SDB117", Severity.Error, "Provider not supported",
        "The provider is reserved by the manifest format but not wired into the platform (mysql).");
    public static readonly FindingCode ExtensionsNeedPostgres = new("SDB118", Severity.Error, "Extensions need exclusive-postgres",
        "sovereign.database.extensions asks for PostgreSQL extensions, which only an exclusive-postgres plugin gets.");
    public static readonly FindingCode LockProviderMismatch = new("SDB120", Severity.Error, "Lock file provider mismatch",
        "migration_lock.toml names a provider other than the manifest's; Prisma refuses to deploy such a history (P3019).");
    public static readonly FindingCode LockFileMissing = new("SDB121", Severity.Warning, "Lock file missing",
        "The migrations folder has no migration_lock.toml, so nothing pins the provider the history was written for.");
    public static readonly FindingCode MigrationScriptMissing = new("SDB122", Severity.Error, "Migration without migration.sql",
        "A folder in the migrations directory has no migration.sql; Prisma cannot apply it.");
    public static readonly FindingCode DuplicatePluginId = new("SDB130", Severity.Error, "Duplicate plugin id",
        "Two plugins declare the same id; their datasources would collide.");
    public static readonly FindingCode SchemaClaimedTwice = new("SDB131", Severity.Error, "Schema claimed by two plugins",
        "Two exclusive-postgres plugins claim the same PostgreSQL schema.");
    public static readonly FindingCode PrismaSyntaxError = new("SDB140", Severity.Error, "Prisma schema syntax error",
        "schema.prisma (or a file of its schema folder) is not valid Prisma Schema Language at this position; the rest of the schema is still read.");
    public static readonly FindingCode PrismaDatasourceMissing = new("SDB141", Severity.Error, "Prisma schema has no datasource",
        "The plugin's Prisma schema has no datasource block, so nothing says which database it is written for.");
    public static readonly FindingCode PrismaProviderMismatch = new("SDB142", Severity.Error, "Prisma schema provider mismatch",
        "The datasource provider in the Prisma schema is not the manifest's sovereign.database.provider (postgres counts as postgresql).");
    public static readonly FindingCode PrismaUrlNotPlatform = new("SDB143", Severity.Warning, "Prisma datasource URL not the platform's",
        "The datasource url is not env(\"PLUGIN_DATABASE_URL\"), the variable through which the platform hands each plugin its database.");
    public static readonly FindingCode PrismaUrlAbsent = new("SDB144", Severity.Notice, "Prisma datasource without URL",
        "The datasource has no url, as Prisma 7 schemas do (the URL moved to prisma.config.ts); make sure that config reads PLUGIN_DATABASE_URL.");

    // SDB2xx: migration history
    public static readonly FindingCode MigrationFailed = new("SDB201", Severity.Error, "Migration failed",
        "A migration script failed to apply. The migration is recorded as failed, as Prisma records it.");
    public static readonly FindingCode FailedMigrationRecorded = new("SDB202", Severity.Error, "Earlier failed migration blocks the history",
        "_prisma_migrations holds a failed migration that was never resolved; no further migration is applied until it is (Prisma's P3009).");
    public static readonly FindingCode DatabaseNotManaged = new("SDB203", Severity.Error, "Database not managed by migrations",
        "The datasource has tables but no _prisma_migrations table; it needs a baseline before migrations can run (Prisma's P3005).");
    public static readonly FindingCode EntryPointFailed = new("SDB204", Severity.Error, "Migration entry point failed",
        "The plugin's migrations.entryPoint exited with an error or did not finish in time.");
    public static readonly FindingCode MigrationPending = new("SDB205", Severity.Warning, "Migration not applied to the live database",
        "A migration in the repository has not been applied to the live database. A warning, not an error: a live database may legitimately be behind the repository until the next deploy.");
    public static readonly FindingCode MigrationMissingLocally = new("SDB206", Severity.Error, "Applied migration missing from the repository",
        "The live database's _prisma_migrations records a migration that the repository does not have, so the migrations no longer describe that database.");
    public static readonly FindingCode MigrationModified = new("SDB207", Severity.Error, "Migration modified after it was applied",
        "A migration.sql no longer matches the checksum the live database stored when it was applied (a change of line endings alone is not reported, as Prisma does not report it).");
    public static readonly FindingCode MigrationRolledBack = new("SDB208", Severity.Notice, "Migration rolled back",
        "_prisma_migrations records an attempt that was marked rolled back (prisma migrate resolve --rolled-back); it counts as not applied.");
    public static readonly FindingCode MergedMigrationEdited = new("SDB209", Severity.Error, "Merged migration edited",
        "A migration that is on the base branch (--base) was changed: databases that applied it keep the old version and Prisma refuses a history whose checksum no longer matches (a change of line endings alone is not one).");
    public static readonly FindingCode MergedMigrationRemoved = new("SDB210", Severity.Error, "Merged migration removed or renamed",
        "A migration that is on the base branch (--base) is gone, or its folder was renamed: databases that applied it would report it missing, and a renamed one would be applied twice.");
    public static readonly FindingCode MigrationOutOfOrder = new("SDB211", Severity.Warning, "New migration sorts before the base's last",
        "A migration the change adds sorts before the last migration of the base branch (--base): where the base is deployed it runs after that one, on a new database before it.");
    public static readonly FindingCode MigrationTimestampShared = new("SDB212", Severity.Warning, "Migrations share a timestamp",
        "A migration the change adds has the same leading timestamp as another, so their order rests on the rest of their names.");

    // SDB3xx: drift
    public static readonly FindingCode LiveObjectExtra = new("SDB301", Severity.Error, "Live database has an object the migrations do not create",
        "A table, column, index, constraint, enum, view or sequence exists in the live database but the migrations do not create it.");
    public static readonly FindingCode LiveObjectMissing = new("SDB302", Severity.Error, "Live database lacks an object the migrations create",
        "The migrations create a table, column, index, constraint, enum, view or sequence that the live database does not have.");
    public static readonly FindingCode LiveObjectChanged = new("SDB303", Severity.Error, "Live database object differs from the migrations",
        "An object exists in the live database and in the migrations, but a property (type, nullability, default, columns, definition…) differs.");
    public static readonly FindingCode LiveDatabaseNotFound = new("SDB304", Severity.Notice, "No live database to compare",
        "A live datasource was given, but it holds no database for this plugin (no SQLite file, or no PostgreSQL schema), so its drift was not checked.");
    public static readonly FindingCode SchemaWithoutMigration = new("SDB310", Severity.Error, "schema.prisma declares what no migration creates",
        "schema.prisma has a model, field, index, constraint or enum value that replaying the migrations does not create: a migration is missing.");
    public static readonly FindingCode MigrationBeyondSchema = new("SDB311", Severity.Error, "Migrations create what schema.prisma does not declare",
        "Replaying the migrations creates an object schema.prisma does not declare: the schema is stale, or a migration was edited by hand.");
    public static readonly FindingCode SchemaDiffersFromMigrations = new("SDB312", Severity.Error, "schema.prisma and the migrations disagree",
        "An object exists in both, but a property (type, nullability, default, columns, referential action…) differs.");
    public static readonly FindingCode IgnoredByPrisma = new("SDB313", Severity.Notice, "Objects Prisma does not compare",
        "The migrations create objects Prisma's schema comparison ignores (CHECK constraints, views, sequences, extensions…); they are listed once, not treated as drift.");

    // SDB4xx: what new migrations do to a populated database (--base)
    public static readonly FindingCode FindingAccepted = new("SDB400", Severity.Notice, "Finding accepted in the migration",
        "A rehearsal finding that a comment -- plugindb:ignore SDB4xx <reason> in the migration accepts (above the statement, or among the comments that open the file); the notice keeps what was accepted and why.");
    public static readonly FindingCode FailsOnData = new("SDB401", Severity.Error, "Migration fails on a table with rows",
        "A statement of a new migration (--base) passes on an empty database but fails on the rows the rehearsal put into the base's tables: an error where it fails on any row (a required column without a default), a warning where it fails on some data (duplicates, NULLs, orphans, values that do not convert).");
    public static readonly FindingCode TableRewritten = new("SDB402", Severity.Warning, "Table rewritten under ACCESS EXCLUSIVE",
        "A statement of a new migration (--base) rewrote a table that exists on the base, or rebuilt one of its indexes, holding a lock that makes reads and writes wait for the whole rewrite.");
    public static readonly FindingCode IndexNotConcurrent = new("SDB403", Severity.Warning, "Index built without CONCURRENTLY",
        "A new migration (--base) builds an index on a table that exists on the base without CONCURRENTLY: writes to the table wait for the whole build.");
    public static readonly FindingCode ConstraintScanned = new("SDB404", Severity.Warning, "Constraint validated by a full scan",
        "A new migration (--base) adds a foreign key or check without NOT VALID, or a primary key or unique constraint with an index of its own, to a table that exists on the base: every row is scanned under a lock that makes writes (for a key, reads too) wait.");
    public static readonly FindingCode AccessExclusive = new("SDB405", Severity.Notice, "ACCESS EXCLUSIVE without a rewrite",
        "A new migration (--base) takes ACCESS EXCLUSIVE on a table that exists on the base: brief, but it queues behind running queries and everything queues behind it.");
    public static readonly FindingCode PrismaWarning = new("SDB406", Severity.Warning, "Prisma's warning in a new migration",
        "Prisma wrote a Warnings header into a new migration (--base): a dropped column or table, a required column without a default, a new unique constraint; each bullet is a finding on its line.");
    public static readonly FindingCode RehearsalIncomplete = new("SDB407", Severity.Notice, "Rehearsal incomplete",
        "Part of the rehearsal of new migrations (--base) could not be done: a table that could not be given rows, or a statement that cannot run inside the rehearsal's transaction (CREATE INDEX CONCURRENTLY).");
    public static readonly FindingCode RowsLost = new("SDB409", Severity.Error, "New migration loses rows",
        "A new SQLite migration (--base) leaves fewer rows in a table of the base that it did not delete from: a redefinition's DROP TABLE fired ON DELETE actions of child tables, as it does where foreign keys are on (inside a transaction PRAGMA foreign_keys = OFF does nothing).");
    public static readonly FindingCode ForeignKeysLeftOff = new("SDB410", Severity.Warning, "New migration leaves foreign keys off",
        "A new SQLite migration (--base) turns PRAGMA foreign_keys off and does not turn it on again: the migrations applied after it on the same connection, in the same deploy, run without foreign-key checks, so rows that break a reference are written unnoticed.");
    public static readonly FindingCode DropsData = new("SDB408", Severity.Warning, "New migration drops data",
        "A new migration (--base) drops a table that exists on the base, or one of its columns: the rows' data is gone once it runs, and a release still reading it fails.");

    // SDB5xx: isolation and privileges
    public static readonly FindingCode CrossPluginAccess = new("SDB501", Severity.Error, "Plugin can reach another plugin's schema",
        "A plugin's role holds a privilege on another plugin's schema or on a table in it; plugins must not see each other's data.");
    public static readonly FindingCode PublicSchemaWritable = new("SDB502", Severity.Error, "Plugin can create in the public schema",
        "A plugin's role can create objects in the public schema, which every role can read; the platform revokes CREATE on public from PUBLIC.");
    public static readonly FindingCode RoleTooPrivileged = new("SDB503", Severity.Error, "Plugin role has elevated attributes",
        "A plugin's role is a superuser or holds CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS.");
    public static readonly FindingCode ConnectionLimitNotEnforced = new("SDB504", Severity.Error, "Connection limit not enforced",
        "A plugin's role was not refused a connection beyond limits.connections (or the platform default when the manifest sets none).");

    public static readonly FindingCode MigrationLeavesSchema = new("SDB510", Severity.Error, "Migration reaches outside the plugin's schema",
        "A migration names another schema (\"public\".\"User\", CREATE SCHEMA): a plugin's migrations run as its role in its own schema, which may not change others. Found before any statement runs; the history is not replayed.");
    public static readonly FindingCode MigrationCreatesExtension = new("SDB511", Severity.Error, "Migration creates an extension itself",
        "A migration creates an extension the manifest does not ask for (sovereign.database.extensions), or one it asks for without IF NOT EXISTS, which fails once the platform has installed it. Found before any statement runs; the history is not replayed.");
    public static readonly FindingCode ExtensionNotAvailable = new("SDB512", Severity.Error, "Extension not available",
        "The manifest asks for an extension the server does not offer, or one the platform does not allow (PostgreSQL's trusted extensions, and those --allow-extensions names).");

    // SDB6xx: health
    public static readonly FindingCode DatasourceUnreachable = new("SDB601", Severity.Error, "Datasource unreachable",
        "The plugin's datasource could not be opened or provisioned.");
    public static readonly FindingCode StorageNearLimit = new("SDB602", Severity.Warning, "Storage near its limit",
        "The datasource uses 80 % or more of limits.storageMb.");
    public static readonly FindingCode StorageOverLimit = new("SDB603", Severity.Error, "Storage over its limit",
        "The datasource uses more than limits.storageMb allows.");

    /// <summary>Every code, in code order.</summary>
    public static IReadOnlyList<FindingCode> All { get; } =
    [
        ManifestUnreadable, ManifestNotJson, ManifestEncoding, ManifestTooLarge, ManifestSchema,
        ModeProviderMismatch, PostgresSchemaMissing, PostgresSchemaInvalid, PathEscapesPlugin, PathNotFound,
        LimitNotPositive, ProviderNotSupported, ExtensionsNeedPostgres, LockProviderMismatch, LockFileMissing, MigrationScriptMissing,
        DuplicatePluginId, SchemaClaimedTwice,
        PrismaSyntaxError, PrismaDatasourceMissing, PrismaProviderMismatch, PrismaUrlNotPlatform, PrismaUrlAbsent,
        MigrationFailed, FailedMigrationRecorded, DatabaseNotManaged, EntryPointFailed,
        MigrationPending, MigrationMissingLocally, MigrationModified, MigrationRolledBack,
        MergedMigrationEdited, MergedMigrationRemoved, MigrationOutOfOrder, MigrationTimestampShared,
        LiveObjectExtra, LiveObjectMissing, LiveObjectChanged, LiveDatabaseNotFound,
        SchemaWithoutMigration, MigrationBeyondSchema, SchemaDiffersFromMigrations, IgnoredByPrisma,
        FindingAccepted, FailsOnData, TableRewritten, IndexNotConcurrent, ConstraintScanned, AccessExclusive, PrismaWarning, RehearsalIncomplete, DropsData, RowsLost, ForeignKeysLeftOff,
        CrossPluginAccess, PublicSchemaWritable, RoleTooPrivileged, ConnectionLimitNotEnforced,
        MigrationLeavesSchema, MigrationCreatesExtension, ExtensionNotAvailable,
        DatasourceUnreachable, StorageNearLimit, StorageOverLimit,
    ];
}
