using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PluginDb.Datasources.Sqlite;

/// <summary>
/// The settings of the connections Prisma's schema engine replays migrations on. It opens SQLite through
/// rusqlite's bundled library, built with SQLite's defaults but for foreign keys: a double-quoted string
/// that names no column is a string literal, in statements and in table definitions
/// (https://www.sqlite.org/quirks.html#dblquote), and foreign keys are enforced. The library bundled here
/// is built with the first off, and SQLite's default leaves the second off; a replay turns both to
/// Prisma's, so a history that applies under Prisma applies here, and one that does not, does not.
/// </summary>
internal static class PrismaSqliteSettings
{
    public static void Apply(SqliteConnection connection)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        Check(db, raw.sqlite3_db_config(db, raw.SQLITE_DBCONFIG_DQS_DML, 1, out _));
        Check(db, raw.sqlite3_db_config(db, raw.SQLITE_DBCONFIG_DQS_DDL, 1, out _));
        Check(db, raw.sqlite3_exec(db, "PRAGMA foreign_keys = ON"));
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string() ?? $"SQLite error {rc}", rc);
        }
    }
}
