using Microsoft.Data.Sqlite;
using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Rehearsal;
using PluginDb.Core.Schemas;
using PluginDb.Datasources.Schemas;

namespace PluginDb.Datasources.Sqlite;

/// <summary>
/// Rehearses a SQLite plugin's new migrations over rows, in a database file of its own beside nothing
/// else: the merged part replayed as the runner replays it, <see cref="SyntheticRows"/> in every table,
/// then each new migration applied by the runner, the tables counted and their columns read before and
/// after it, and the connection asked whether foreign keys are still on (<see cref="SqliteRehearsalFindings"/>). The file is removed at the end; the plugin's own
/// datasource is replayed as without a base.
/// </summary>
public static class SqliteRehearsal
{
    /// <summary>The findings of the rehearsal and what it could not do, and whether the merged part applied at all (else nothing was rehearsed; the replay says why).</summary>
    public static async Task<(IReadOnlyList<Finding> Findings, IReadOnlyList<string> Gaps, bool MergedApplied)> RunAsync(
        IReadOnlyList<LocalMigration> migrations, IReadOnlyList<LocalMigration> added, string? pluginId, string displayBase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(added);
        var folder = Directory.CreateTempSubdirectory("plugindb-rehearsal-").FullName;
        var path = Path.Combine(folder, "rehearsal.db");
        try
        {
            var newNames = added.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
            var merged = migrations.Where(m => !newNames.Contains(m.Name)).ToList();
            var runner = new SqliteMigrationRunner { Throwaway = true };
            if (!(await runner.RunAsync(path, merged, pluginId, displayBase, cancellationToken).ConfigureAwait(false)).Successful)
            {
                return ([], [], false);
            }
            var gaps = new List<string>();
            DatabaseSchema schema;
            await using (var connection = await OpenAsync(path, cancellationToken).ConfigureAwait(false))
            {
                schema = await SqliteIntrospector.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
                foreach (var rows in SyntheticRows.Plan(schema, DatabaseProvider.Sqlite))
                {
                    try
                    {
                        await ExecuteAsync(connection, rows.Sql, cancellationToken).ConfigureAwait(false);
                    }
                    catch (SqliteException exception)
                    {
                        gaps.Add($"\"{rows.Table}\" could not be given rows ({exception.Message}); migrations were rehearsed on it empty.");
                    }
                }
            }
            var baseTables = schema.Tables.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            var findings = new List<Finding>();
            var before = await SnapshotAsync(path, cancellationToken).ConfigureAwait(false);
            var applied = new List<LocalMigration>(merged);
            foreach (var migration in migrations.Where(m => newNames.Contains(m.Name)))
            {
                applied.Add(migration);
                MigrationOutcome outcome;
                await using (var connection = new SqliteConnection(SqliteMigrationRunner.ConnectionString(path)))
                {
                    // On a connection of its own, as Prisma's deploy applies it: what the script leaves set
                    // on the connection is what the migrations after it would run under.
                    await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                    outcome = await runner.RunAsync(connection, applied, pluginId, displayBase, cancellationToken).ConfigureAwait(false);
                    if (outcome.Successful && await ForeignKeysOffAsync(connection, cancellationToken).ConfigureAwait(false))
                    {
                        findings.Add(SqliteRehearsalFindings.ForeignKeysLeftOff(migration, pluginId, displayBase));
                    }
                }
                var after = await SnapshotAsync(path, cancellationToken).ConfigureAwait(false);
                // Only what SQLite calls a constraint failure (or, in a STRICT table, a datatype mismatch) can
                // come from the rows; any other failure fails on an empty database too, and the replay says so.
                var overRows = outcome.Error is { } error && (error.Contains("constraint failed", StringComparison.Ordinal) || error.Contains("datatype mismatch", StringComparison.Ordinal));
                findings.AddRange(SqliteRehearsalFindings.Compare(migration, before, after, overRows ? outcome.Error : null, baseTables, pluginId, displayBase));
                if (!outcome.Successful)
                {
                    break;
                }
                before = after;
            }
            return (findings, gaps, true);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<SqliteConnection> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(SqliteMigrationRunner.ConnectionString(path));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        PrismaSqliteSettings.Apply(connection);
        return connection;
    }

    private static async Task<bool> ForeignKeysOffAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = "PRAGMA foreign_keys";
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0;
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // Each user table's rows and columns (not Prisma's bookkeeping table).
    private static async Task<IReadOnlyList<TableSnapshot>> SnapshotAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(path, cancellationToken).ConfigureAwait(false);
        var schema = await SqliteIntrospector.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        var snapshots = new List<TableSnapshot>();
        foreach (var table in schema.Tables.Where(t => t.Name != "_prisma_migrations"))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = "SELECT count(*) FROM " + Core.Datasources.PostgresIdentifiers.Quote(table.Name);
                var rows = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                snapshots.Add(new TableSnapshot(table.Name, rows, [.. table.Columns.Select(c => c.Name)]));
            }
        }
        return snapshots;
    }
}
