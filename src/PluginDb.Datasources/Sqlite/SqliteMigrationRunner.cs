using System.Globalization;
using Microsoft.Data.Sqlite;
using PluginDb.Core;
using PluginDb.Core.Findings;
using PluginDb.Core.Migrations;
using SQLitePCL;

namespace PluginDb.Datasources.Sqlite;

/// <summary>
/// Applies a Prisma migration history to a SQLite database with bookkeeping byte-compatible with
/// <c>prisma migrate deploy</c>: same <c>_prisma_migrations</c> table, rows, checksums and refusals
/// (P3005, P3009). Unlike Prisma, which leaves the statements before a failing one applied, the
/// database is restored to its state before the failed migration; the failed row is still recorded.
/// </summary>
public sealed class SqliteMigrationRunner
{
    private readonly TimeProvider _time;

    public SqliteMigrationRunner(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>Whether the database is a throwaway replay: a failure's advice is then to fix the file, with no row to resolve.</summary>
    public bool Throwaway { get; init; }

    /// <summary>The connection string the runner uses for a database file (no pooling: the exclusive lock must end with the run).</summary>
    public static string ConnectionString(string databasePath, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate) =>
        new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(databasePath), Mode = mode, Pooling = false }.ToString();

    /// <summary>Applies the pending migrations to the database file at <paramref name="databasePath"/> (created when missing, as Prisma does).</summary>
    public async Task<MigrationOutcome> RunAsync(
        string databasePath,
        IReadOnlyList<LocalMigration> migrations,
        string? pluginId,
        string displayBase,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(databasePath);
        var connection = new SqliteConnection(ConnectionString(databasePath));
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException e)
            {
                return Unreachable(DisplayPath.Of(databasePath, displayBase), e, pluginId);
            }
            return await RunAsync(connection, migrations, pluginId, displayBase, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies the pending migrations through an open connection, e.g. an in-memory replay database.
    /// The connection is left open, in exclusive locking mode.
    /// </summary>
    public async Task<MigrationOutcome> RunAsync(
        SqliteConnection connection,
        IReadOnlyList<LocalMigration> migrations,
        string? pluginId,
        string displayBase,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(displayBase);
        var run = new Replay(connection, migrations, pluginId, displayBase, _time, Throwaway);
        try
        {
            return await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            return Unreachable(connection.DataSource, e, pluginId, run.Applied);
        }
    }

    /// <summary>Reads <c>_prisma_migrations</c> in Prisma's order (by <c>started_at</c>); empty when the table does not exist.</summary>
    public static async Task<IReadOnlyList<AppliedMigration>> ReadHistoryAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!(await ReadTableNamesAsync(connection, cancellationToken).ConfigureAwait(false)).Contains(PrismaMigrationsTable.Name))
        {
            return [];
        }
        return await QueryAsync(connection, PrismaMigrationsTable.SelectRows, reader => new AppliedMigration(
            reader.GetString(0),
            reader.GetString(1),
            ReadTime(reader, 2),
            reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            ReadTime(reader, 5),
            ReadTime(reader, 6) ?? DateTimeOffset.UnixEpoch,
            reader.GetInt32(7)), cancellationToken).ConfigureAwait(false);
    }

    internal static Task<IReadOnlyList<string>> ReadTableNamesAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        QueryAsync(connection, PrismaMigrationsTable.ProbeTables, reader => reader.GetString(0), cancellationToken);

    private static async Task<IReadOnlyList<T>> QueryAsync<T>(
        SqliteConnection connection,
        string sql,
        Func<SqliteDataReader, T> read,
        CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(read(reader));
                }
            }
        }
        return rows;
    }

    // Prisma stores epoch milliseconds; rows written by other tools (or the column default) may hold text.
    private static DateTimeOffset? ReadTime(SqliteDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }
        var value = reader.GetValue(ordinal);
        return value switch
        {
            long ms => DateTimeOffset.FromUnixTimeMilliseconds(ms),
            double ms => DateTimeOffset.FromUnixTimeMilliseconds((long)ms),
            string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
            _ => null,
        };
    }

    private static MigrationOutcome Unreachable(string database, SqliteException error, string? pluginId, IReadOnlyList<string>? applied = null) =>
        new(applied ?? [], [], null, error.Message,
            [FindingCodes.DatasourceUnreachable.Create($"The SQLite database {database} could not be used: {error.Message}", pluginId)],
            "The database could not be opened or read; its state is unknown.");

    /// <summary>One run's state; keeps <see cref="RunAsync(SqliteConnection, IReadOnlyList{LocalMigration}, string?, string, CancellationToken)"/> readable.</summary>
    private sealed class Replay(
        SqliteConnection connection,
        IReadOnlyList<LocalMigration> migrations,
        string? pluginId,
        string displayBase,
        TimeProvider time,
        bool throwaway)
    {
        public List<string> Applied { get; } = [];

        public async Task<MigrationOutcome> ExecuteAsync(CancellationToken cancellationToken)
        {
            // Prisma holds this lock for the whole deploy; it also keeps other writers out between
            // our copy of the database and a restore.
            await ExecuteAsync("PRAGMA main.locking_mode=EXCLUSIVE", cancellationToken).ConfigureAwait(false);
            PrismaSqliteSettings.Apply(connection);

            var tables = await ReadTableNamesAsync(connection, cancellationToken).ConfigureAwait(false);
            if (!tables.Contains(PrismaMigrationsTable.Name))
            {
                var userTables = tables.Where(t => !t.StartsWith("sqlite_", StringComparison.Ordinal)).ToList();
                if (userTables.Count > 0)
                {
                    return MigrationPlan.NotManaged("The database", userTables, pluginId, DisplayPath.Of(connection.DataSource, displayBase));
                }
                await ExecuteAsync(PrismaMigrationsTable.CreateStatement, cancellationToken).ConfigureAwait(false);
            }

            var plan = MigrationPlan.Create(migrations, await ReadHistoryAsync(connection, cancellationToken).ConfigureAwait(false)) with { Throwaway = throwaway };
            if (plan.IsBlocked)
            {
                return plan.Blocked(migrations, pluginId, displayBase);
            }

            foreach (var migration in plan.Pending)
            {
                var failure = await ApplyAsync(plan, migration, cancellationToken).ConfigureAwait(false);
                if (failure is not null)
                {
                    return failure;
                }
                Applied.Add(migration.Name);
            }
            return plan.Completed(Applied);
        }

        private async Task<MigrationOutcome?> ApplyAsync(MigrationPlan plan, LocalMigration migration, CancellationToken cancellationToken)
        {
            var id = Guid.NewGuid().ToString("D");
            var started = time.GetUtcNow().ToUnixTimeMilliseconds();
            var snapshot = await DatabaseSnapshot.TakeAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (snapshot.ConfigureAwait(false))
            {
                await ExecuteAsync(PrismaMigrationsTable.InsertStarted, cancellationToken,
                    ("$id", id), ("$checksum", migration.Checksum), ("$started", started), ("$name", migration.Name)).ConfigureAwait(false);

                SqliteScriptExecutor.Failure? failure;
                var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
                using (cancellationToken.Register(() => raw.sqlite3_interrupt(db)))
                {
                    try
                    {
                        failure = SqliteScriptExecutor.Execute(db, migration.Script, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        // A cancelled run leaves no half-applied migration and no row behind.
                        await RestoreAsync(snapshot).ConfigureAwait(false);
                        throw;
                    }
                }
                if (failure is not null && cancellationToken.IsCancellationRequested)
                {
                    await RestoreAsync(snapshot).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (failure is null)
                {
                    await ExecuteAsync(PrismaMigrationsTable.IncrementSteps, cancellationToken, ("$steps", 1), ("$id", id)).ConfigureAwait(false);
                    await ExecuteAsync(PrismaMigrationsTable.SetFinished, cancellationToken,
                        ("$finished", time.GetUtcNow().ToUnixTimeMilliseconds()), ("$id", id)).ConfigureAwait(false);
                    return null;
                }

                await RestoreAsync(snapshot).ConfigureAwait(false);
                var logs = Logs(migration, failure);
                await ExecuteAsync(PrismaMigrationsTable.InsertFailed, CancellationToken.None,
                    ("$id", id), ("$checksum", migration.Checksum), ("$started", started), ("$name", migration.Name), ("$logs", logs)).ConfigureAwait(false);
                return Failed(plan, migration, failure);
            }
        }

        private async Task RestoreAsync(DatabaseSnapshot snapshot)
        {
            // A script that opened its own transaction and failed inside it would block the restore.
            if (connection.Handle is { } db && raw.sqlite3_get_autocommit(db) == 0)
            {
                await ExecuteAsync("ROLLBACK", CancellationToken.None).ConfigureAwait(false);
            }
            snapshot.RestoreInto(connection);
        }

        private MigrationOutcome Failed(MigrationPlan plan, LocalMigration migration, SqliteScriptExecutor.Failure failure)
        {
            var state = Applied.Count == 0
                ? $"Restored to its state before {migration.Name} (no migration applied by this run); {migration.Name} is recorded as failed in _prisma_migrations."
                : $"At {Applied[^1]}: restored to its state before {migration.Name}; {migration.Name} is recorded as failed in _prisma_migrations.";
            return plan.Failed(migration, Applied, failure.Message, SqlErrorPosition.OfStatement(migration.Script, failure.Offset),
                $"The database was restored to its state before {migration.Name}; the failed attempt is recorded in _prisma_migrations.",
                state, pluginId, displayBase);
        }

        private static string Logs(LocalMigration migration, SqliteScriptExecutor.Failure failure) =>
            MigrationPlan.FailureLogs(migration.Name, failure.ErrorCode.ToString(CultureInfo.InvariantCulture), failure.Message,
                SqlErrorPosition.OfStatement(migration.Script, failure.Offset), failure.Statement);

        private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = sql;
                foreach (var (name, value) in parameters)
                {
                    command.Parameters.AddWithValue(name, value);
                }
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
