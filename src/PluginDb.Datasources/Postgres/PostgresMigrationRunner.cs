using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using PluginDb.Core.Findings;
using PluginDb.Core.Migrations;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// Applies a Prisma migration history to one PostgreSQL schema with bookkeeping byte-compatible with
/// <c>prisma migrate deploy</c> (the Prisma peer's FACTS §1–§4): the same <c>_prisma_migrations</c>
/// table, statement sequence, rows and refusals (P3005, P3009), and each migration.sql sent whole as one
/// simple-protocol Query, so PostgreSQL runs it as one implicit transaction exactly as under Prisma.
/// It connects as the role it is given, with <c>search_path</c> set to the schema, so a migration that
/// needs more privilege than the plugin's role has fails here as it would in production.
/// </summary>
public sealed class PostgresMigrationRunner
{
    private readonly TimeProvider _time;

    public PostgresMigrationRunner(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>
    /// The advisory-lock key of a schema. Prisma locks the constant 72707369 for the whole database,
    /// which would make plugins sharing a cluster database wait for each other; this key is per schema:
    /// the first 8 bytes, big-endian, of SHA-256 over the UTF-8 of <c>"prisma-migrate:" + schema</c>.
    /// Advisory locks are per database, so the same schema name in another database does not collide.
    /// </summary>
    public static long AdvisoryLockKey(string schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("prisma-migrate:" + schema)));
    }

    /// <summary>The connection settings of a run: the given role, <c>search_path</c> = the schema, no pooling (the lock ends with the session).</summary>
    public static string ConnectionString(string connectionString, string schema)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(schema);
        return new NpgsqlConnectionStringBuilder(connectionString)
        {
            SearchPath = PostgresMigrationsTable.QuoteIdentifier(schema),
            Pooling = false,
        }.ToString();
    }

    /// <summary>
    /// Applies the pending migrations to <paramref name="schema"/> as the role of
    /// <paramref name="connectionString"/> (the plugin's own role, or a project's owner).
    /// </summary>
    public async Task<MigrationRunResult> RunAsync(
        string connectionString,
        string schema,
        IReadOnlyList<LocalMigration> migrations,
        string? pluginId,
        string displayBase,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(displayBase);
        var settings = new NpgsqlConnectionStringBuilder(ConnectionString(connectionString, schema));
        var run = new Run(settings, schema, migrations, pluginId, displayBase, _time);
        try
        {
            return await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or PostgresProtocolException or SocketException or IOException or AuthenticationException
                                       && !cancellationToken.IsCancellationRequested)
        {
            return new MigrationRunResult(run.Applied, [], null, e.Message,
                [FindingCodes.DatasourceUnreachable.Create($"The PostgreSQL schema `{schema}` could not be used: {e.Message}", pluginId)],
                run.Applied.Count == 0
                    ? "Unknown: the datasource failed before or between migrations; no migration was applied by this run."
                    : $"At {run.Applied[^1]} or later: the datasource failed after applying {run.Applied.Count} migration(s).");
        }
        finally
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Reads <c>_prisma_migrations</c> of <paramref name="schema"/> in Prisma's order (by <c>started_at</c>); empty when the table does not exist.</summary>
    public static async Task<IReadOnlyList<AppliedMigration>> ReadHistoryAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(schema);
        var tables = await ReadTableNamesAsync(connection, schema, cancellationToken).ConfigureAwait(false);
        if (!tables.Contains(PostgresMigrationsTable.Name))
        {
            return [];
        }
        var rows = new List<AppliedMigration>();
        var command = new NpgsqlCommand(PostgresMigrationsTable.SelectRows(schema), connection);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(new AppliedMigration(
                        reader.GetString(0),
                        reader.GetString(1),
                        reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                        reader.GetString(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4),
                        reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                        reader.GetFieldValue<DateTimeOffset>(6),
                        reader.GetInt32(7)));
                }
            }
        }
        return rows;
    }

    // Prisma's probe (FACTS §1): ordinary tables only, in the schemas given.
    private static async Task<IReadOnlyList<string>> ReadTableNamesAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        var command = new NpgsqlCommand(PostgresMigrationsTable.ProbeTables, connection)
        {
            Parameters = { new NpgsqlParameter { Value = new[] { schema }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text } },
        };
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    names.Add(reader.GetString(0));
                }
            }
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>One run's sessions and state: the bookkeeping session holds the lock; the script session only sends scripts.</summary>
    private sealed class Run(
        NpgsqlConnectionStringBuilder settings,
        string schema,
        IReadOnlyList<LocalMigration> migrations,
        string? pluginId,
        string displayBase,
        TimeProvider time) : IAsyncDisposable
    {
        private NpgsqlConnection? _connection;
        private SimpleQueryConnection? _scripts;
        private bool _locked;

        public List<string> Applied { get; } = [];

        private NpgsqlConnection Connection => _connection ?? throw new InvalidOperationException("The run has no open connection.");

        public async Task<MigrationRunResult> ExecuteAsync(CancellationToken cancellationToken)
        {
            _connection = new NpgsqlConnection(settings.ToString());
            await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            if (!await ScalarAsync<bool>(PostgresMigrationsTable.SchemaExists, cancellationToken, schema).ConfigureAwait(false))
            {
                // Prisma creates a missing schema before deploying; a plugin's role normally finds it made by the role provider.
                await ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS {PostgresMigrationsTable.QuoteIdentifier(schema)}", cancellationToken).ConfigureAwait(false);
            }

            await ScalarAsync<object>(PostgresMigrationsTable.Lock, cancellationToken, AdvisoryLockKey(schema)).ConfigureAwait(false);
            _locked = true;

            var tables = await ReadTableNamesAsync(Connection, schema, cancellationToken).ConfigureAwait(false);
            if (!tables.Contains(PostgresMigrationsTable.Name))
            {
                if (tables.Count > 0)
                {
                    return await UnlockedAsync(MigrationPlan.NotManaged($"The schema `{schema}`", tables, pluginId, null)).ConfigureAwait(false);
                }
                await ExecuteAsync(PostgresMigrationsTable.CreateStatement, cancellationToken).ConfigureAwait(false);
            }

            var plan = MigrationPlan.Create(migrations, await ReadHistoryAsync(Connection, schema, cancellationToken).ConfigureAwait(false));
            if (plan.IsBlocked)
            {
                return await UnlockedAsync(plan.Blocked(migrations, pluginId, displayBase)).ConfigureAwait(false);
            }

            foreach (var migration in plan.Pending)
            {
                var failure = await ApplyAsync(plan, migration, cancellationToken).ConfigureAwait(false);
                if (failure is not null)
                {
                    return await UnlockedAsync(failure).ConfigureAwait(false);
                }
                Applied.Add(migration.Name);
            }
            return await UnlockedAsync(plan.Completed(Applied)).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            if (_scripts is not null)
            {
                await _scripts.DisposeAsync().ConfigureAwait(false);
            }
            if (_connection is not null)
            {
                // Closing the unpooled session also releases the lock if the run ended before UnlockedAsync.
                await _connection.DisposeAsync().ConfigureAwait(false);
            }
        }

        private async Task<MigrationRunResult> UnlockedAsync(MigrationRunResult result)
        {
            if (_locked)
            {
                await ScalarAsync<bool>(PostgresMigrationsTable.Unlock, CancellationToken.None, AdvisoryLockKey(schema)).ConfigureAwait(false);
                _locked = false;
            }
            return result;
        }

        private async Task<MigrationRunResult?> ApplyAsync(MigrationPlan plan, LocalMigration migration, CancellationToken cancellationToken)
        {
            var id = Guid.NewGuid().ToString("D");
            await ExecuteAsync(PostgresMigrationsTable.InsertStarted, cancellationToken, id, migration.Checksum, time.GetUtcNow(), migration.Name).ConfigureAwait(false);

            _scripts ??= await SimpleQueryConnection.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
            var outcome = await _scripts.QueryAsync(migration.Script, cancellationToken).ConfigureAwait(false);
            if (outcome.Error is null)
            {
                await ExecuteAsync(PostgresMigrationsTable.IncrementSteps, cancellationToken, 1, id).ConfigureAwait(false);
                await ExecuteAsync(PostgresMigrationsTable.SetFinished, cancellationToken, time.GetUtcNow(), id).ConfigureAwait(false);
                return null;
            }

            if (outcome.TransactionStatus != 'I')
            {
                // The script opened a transaction block and failed inside it; end it so the session stays usable.
                await _scripts.QueryAsync("ROLLBACK", CancellationToken.None).ConfigureAwait(false);
            }
            var failure = PostgresFailure.Of(migration.Script, outcome.Error, schema, pluginId is not null);
            await ExecuteAsync(PostgresMigrationsTable.SetLogs, CancellationToken.None,
                MigrationPlan.FailureLogs(migration.Name, outcome.Error.SqlState, failure.ServerText, failure.Position, failure.Statement), id).ConfigureAwait(false);

            var undone = failure.WholeFileUndone
                ? $"PostgreSQL rolled back the whole of {migration.Name} (it ran as one implicit transaction)"
                : $"{migration.Name} {failure.WhyNotAtomic}, so PostgreSQL did not undo it as a whole: what it committed before the failure stays applied";
            var at = Applied.Count == 0 ? "no migration was applied by this run" : $"the schema is at {Applied[^1]}";
            return plan.Failed(migration, Applied, failure.Summary, failure.Position,
                $"{undone}; the failed attempt is recorded in _prisma_migrations.",
                $"{undone}; {at}; {migration.Name} is recorded as failed in _prisma_migrations.",
                pluginId, displayBase);
        }

        private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] parameters)
        {
            var command = Command(sql, parameters);
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken, params object[] parameters)
        {
            var command = Command(sql, parameters);
            await using (command.ConfigureAwait(false))
            {
                return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
        }

        private NpgsqlCommand Command(string sql, object[] parameters)
        {
            var command = new NpgsqlCommand(sql, Connection);
            foreach (var value in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }
            return command;
        }
    }
}
