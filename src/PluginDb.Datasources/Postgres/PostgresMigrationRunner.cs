using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using PluginDb.Core.Datasources;
using PluginDb.Core.Findings;
using PluginDb.Core.Migrations;
using PluginDb.Core.Schemas;

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
    /// The database is a throwaway one, dropped after the run (a replay database, a run's own server): its
    /// sessions commit with <c>synchronous_commit = off</c>, so a migration's commit does not wait for
    /// the WAL to reach the disk. What other sessions see is unchanged; only a crash of the server
    /// could lose the last commits, of a database that is dropped anyway. On a server that syncs its
    /// WAL, a history of many migrations replays markedly faster (docs/benchmarks.md).
    /// </summary>
    public bool Throwaway { get; init; }

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

    /// <summary>
    /// The schemas of the plugin's extensions (<see cref="PostgresDatasource.ExtensionSchemas"/>): on the
    /// search_path after the plugin's own, so <c>uuid_generate_v4()</c> or <c>gin_trgm_ops</c> resolve
    /// while new objects still land in the plugin's schema.
    /// </summary>
    public IReadOnlyList<string> ExtensionSchemas { get; init; } = [];

    /// <summary>
    /// Where a run pauses: before applying the pending migration of this name, <see cref="Pause"/> is
    /// called with the run's two sessions (the bookkeeping one holding the lock, the scripts' one), the
    /// schema being as the migrations before it left it. What the pause does must leave the schema so.
    /// </summary>
    internal string? PauseBefore { get; init; }

    /// <inheritdoc cref="PauseBefore"/>
    internal Func<SimpleQueryConnection, SimpleQueryConnection, CancellationToken, Task>? Pause { get; init; }

    /// <summary>
    /// A script run on the scripts' session once the run holds the lock, before the history is read: a
    /// state restored by a script instead of replayed (a cached base state). It runs as one
    /// transaction; where it fails, nothing of it stays and the run replays as without it.
    /// </summary>
    internal string? Restore { get; init; }

    /// <summary>Whether <see cref="Restore"/> applied; false where there was none or it failed.</summary>
    internal bool Restored { get; private set; }

    /// <summary>The settings of a run's sessions: the given role, <c>search_path</c> = the schema, then its extensions' schemas.</summary>
    private NpgsqlConnectionStringBuilder Settings(string connectionString, string schema)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(schema);
        return new NpgsqlConnectionStringBuilder(connectionString)
        {
            SearchPath = SearchPath(schema, ExtensionSchemas),
        };
    }

    /// <summary>The search_path of a plugin's sessions: its schema, then its extensions' schemas, quoted.</summary>
    internal static string SearchPath(string schema, IReadOnlyList<string> extensionSchemas) =>
        string.Join(", ", new[] { schema }.Concat(extensionSchemas).Select(PostgresMigrationsTable.QuoteIdentifier));

    /// <summary>
    /// Applies the pending migrations to <paramref name="schema"/> as the role of
    /// <paramref name="connectionString"/> (the plugin's own role, or a project's owner).
    /// </summary>
    public async Task<MigrationOutcome> RunAsync(
        string connectionString,
        string schema,
        IReadOnlyList<LocalMigration> migrations,
        string? pluginId,
        string displayBase,
        CancellationToken cancellationToken) =>
        (await RunAsync(connectionString, schema, migrations, pluginId, displayBase, readBack: false, cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>
    /// As <see cref="RunAsync(string, string, IReadOnlyList{LocalMigration}, string?, string, CancellationToken)"/>;
    /// with <paramref name="readBack"/>, a run that applied every migration without a finding also reads
    /// the schema it produced back (as <see cref="Schemas.PostgresIntrospector"/> does), on the two
    /// sessions it ran on, half of the catalog queries on each.
    /// </summary>
    public async Task<(MigrationOutcome Result, DatabaseSchema? Replayed)> RunAsync(
        string connectionString,
        string schema,
        IReadOnlyList<LocalMigration> migrations,
        string? pluginId,
        string displayBase,
        bool readBack,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(displayBase);
        var settings = Settings(connectionString, schema);
        var run = new Replay(settings, Throwaway ? [("synchronous_commit", "off")] : [], schema, migrations, pluginId, displayBase, _time, Throwaway, this);
        try
        {
            var result = await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            return (result, readBack && result is { Successful: true, Findings.Count: 0 } ? await ReadBackAsync(run, schema, cancellationToken).ConfigureAwait(false) : null);
        }
        catch (Exception e) when (e is PostgresProtocolException or SocketException or IOException or AuthenticationException
                                       && !cancellationToken.IsCancellationRequested)
        {
            return (new MigrationOutcome(run.Applied, [], null, e.Message,
                [FindingCodes.DatasourceUnreachable.Create($"The PostgreSQL schema `{schema}` could not be used: {e.Message}", pluginId)],
                run.Applied.Count == 0
                    ? "Unknown: the datasource failed before or between migrations; no migration was applied by this run."
                    : $"At {run.Applied[^1]} or later: the datasource failed after applying {run.Applied.Count} migration(s)."), null);
        }
        finally
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }
    }

    // A read that fails here is not the replay's failure: the caller reads the schema on its own and reports what it meets.
    private static async Task<DatabaseSchema?> ReadBackAsync(Replay run, string schema, CancellationToken cancellationToken)
    {
        try
        {
            return await Schemas.PostgresIntrospector.ReadAsync(run.Bookkeeping, run.Scripts, schema, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is PostgresProtocolException or SocketException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Reads <c>_prisma_migrations</c> of <paramref name="schema"/> in Prisma's order (by <c>started_at</c>); empty when the table does not exist.</summary>
    public static async Task<IReadOnlyList<AppliedMigration>> ReadHistoryAsync(string connectionString, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(schema);
        var session = await SimpleQueryConnection.OpenAsync(connectionString, SimpleQueryConnection.ReadingSettings, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await ReadHistoryAsync(session, schema, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>As above, in an open session whose DateStyle is ISO.</summary>
    internal static async Task<IReadOnlyList<AppliedMigration>> ReadHistoryAsync(SimpleQueryConnection session, string schema, CancellationToken cancellationToken)
    {
        var tables = await ReadTableNamesAsync(session, schema, cancellationToken).ConfigureAwait(false);
        return tables.Contains(PostgresMigrationsTable.Name) ? await ReadRowsAsync(session, schema, cancellationToken).ConfigureAwait(false) : [];
    }

    private static async Task<IReadOnlyList<AppliedMigration>> ReadRowsAsync(SimpleQueryConnection session, string schema, CancellationToken cancellationToken)
    {
        var rows = (await session.ReadAsync(PostgresMigrationsTable.SelectRows(schema), cancellationToken).ConfigureAwait(false))[0];
        return [.. rows.Select(row => new AppliedMigration(
            row[0]!,
            row[1]!,
            row[2] is null ? null : PostgresText.TimestampTz(row[2]),
            row[3]!,
            row[4],
            row[5] is null ? null : PostgresText.TimestampTz(row[5]),
            PostgresText.TimestampTz(row[6]),
            (int)PostgresText.Int64(row[7])))];
    }

    // Prisma's probe (FACTS §1): ordinary tables only, in the schemas given.
    private static async Task<IReadOnlyList<string>> ReadTableNamesAsync(SimpleQueryConnection session, string schema, CancellationToken cancellationToken)
    {
        var sets = await session.ReadAsync(
            SimpleQueryConnection.Bind(PostgresMigrationsTable.ProbeTables, "ARRAY[" + PostgresIdentifiers.QuoteLiteral(schema) + "]"), cancellationToken).ConfigureAwait(false);
        var names = sets[0].Select(row => row[0]!).ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>One run's sessions and state: the bookkeeping session holds the lock; the script session only sends scripts.</summary>
    private sealed class Replay(
        NpgsqlConnectionStringBuilder settings,
        IReadOnlyList<(string Name, string Value)> sessionSettings,
        string schema,
        IReadOnlyList<LocalMigration> migrations,
        string? pluginId,
        string displayBase,
        TimeProvider time,
        bool throwaway,
        PostgresMigrationRunner runner) : IAsyncDisposable
    {
        private SimpleQueryConnection? _bookkeeping;
        private SimpleQueryConnection? _scripts;
        private bool _locked;

        public List<string> Applied { get; } = [];

        /// <summary>The session that holds the lock and writes the rows; unlocked once the run has ended, when the schema may be read back on it.</summary>
        public SimpleQueryConnection Bookkeeping => _bookkeeping ?? throw new InvalidOperationException("The run has no open connection.");

        /// <summary>The session the scripts ran on; once the run has ended, the schema may be read back on it too.</summary>
        public SimpleQueryConnection Scripts => _scripts ?? throw new InvalidOperationException("The run has no open connection.");

        public async Task<MigrationOutcome> ExecuteAsync(CancellationToken cancellationToken)
        {
            // The scripts' session logs in while the bookkeeping one does.
            var scripts = SimpleQueryConnection.OpenAsync(settings, sessionSettings, cancellationToken);
            try
            {
                _bookkeeping = await SimpleQueryConnection.OpenAsync(settings, [.. SimpleQueryConnection.ReadingSettings, .. sessionSettings], cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _scripts = await scripts.ConfigureAwait(false);
            }

            if (!PostgresText.Boolean(await Bookkeeping.ScalarAsync(SimpleQueryConnection.Bind(PostgresMigrationsTable.SchemaExists, PostgresIdentifiers.QuoteLiteral(schema)), cancellationToken).ConfigureAwait(false)))
            {
                // Prisma creates a missing schema before deploying; a plugin's role normally finds it made by the role provider.
                await Bookkeeping.ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS {PostgresMigrationsTable.QuoteIdentifier(schema)}", cancellationToken).ConfigureAwait(false);
            }

            await Bookkeeping.ExecuteAsync(LockStatement(PostgresMigrationsTable.Lock), cancellationToken).ConfigureAwait(false);
            _locked = true;

            if (runner.Restore is { } restore)
            {
                var restored = await Scripts.QueryAsync(restore, cancellationToken).ConfigureAwait(false);
                if (restored.Error is not null && restored.TransactionStatus != 'I')
                {
                    await Scripts.QueryAsync("ROLLBACK", CancellationToken.None).ConfigureAwait(false);
                }
                runner.Restored = restored.Error is null;
            }

            var tables = await ReadTableNamesAsync(Bookkeeping, schema, cancellationToken).ConfigureAwait(false);
            if (!tables.Contains(PostgresMigrationsTable.Name))
            {
                if (tables.Count > 0)
                {
                    return await UnlockedAsync(MigrationPlan.NotManaged($"The schema `{schema}`", tables, pluginId, null)).ConfigureAwait(false);
                }
                await Bookkeeping.ExecuteAsync(PostgresMigrationsTable.CreateStatement, cancellationToken).ConfigureAwait(false);
            }

            // The table is known to exist now: its rows are read without probing the tables again (Prisma's sequence, FACTS §1).
            var plan = MigrationPlan.Create(migrations, await ReadRowsAsync(Bookkeeping, schema, cancellationToken).ConfigureAwait(false)) with { Throwaway = throwaway };
            if (plan.IsBlocked)
            {
                return await UnlockedAsync(plan.Blocked(migrations, pluginId, displayBase)).ConfigureAwait(false);
            }

            foreach (var migration in plan.Pending)
            {
                if (migration.Name == runner.PauseBefore && runner.Pause is { } pause)
                {
                    // The last migration's row is finished first: the pause sees the history as Prisma leaves it between two.
                    if (TakeFinishing() is { Length: > 0 } finishing)
                    {
                        await Bookkeeping.ExecuteAsync(finishing, cancellationToken).ConfigureAwait(false);
                    }
                    await pause(Bookkeeping, Scripts, cancellationToken).ConfigureAwait(false);
                }
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
            if (_bookkeeping is not null)
            {
                if (_finishing is not null)
                {
                    // Cancelled between migrations: the last applied one is still marked finished, as Prisma would have left it.
                    try
                    {
                        await _bookkeeping.ExecuteAsync(TakeFinishing(), CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (exception is PostgresProtocolException or IOException or SocketException)
                    {
                        // The session is gone; the row stays as the server last had it.
                    }
                }
                // Closing the session also releases the lock if the run ended before UnlockedAsync.
                await _bookkeeping.DisposeAsync().ConfigureAwait(false);
            }
        }

        private async Task<MigrationOutcome> UnlockedAsync(MigrationOutcome result)
        {
            if (_locked)
            {
                // One Query runs as one implicit transaction, and an advisory unlock takes effect at once, not at
                // its commit: the COMMIT makes the last migration's finishing updates visible before a runner
                // waiting on the lock can read the history (else it could read that migration as failed, P3009).
                var finishing = TakeFinishing();
                await Bookkeeping.ExecuteAsync((finishing.Length > 0 ? finishing + "COMMIT;\n" : "") + LockStatement(PostgresMigrationsTable.Unlock), CancellationToken.None).ConfigureAwait(false);
                _locked = false;
            }
            return result;
        }

        private async Task<MigrationOutcome?> ApplyAsync(MigrationPlan plan, LocalMigration migration, CancellationToken cancellationToken)
        {
            // The row is written on the bookkeeping session while the script runs on its own, in one round
            // trip with the previous migration's finishing updates; the rows end as Prisma's sequence leaves them.
            var id = PostgresIdentifiers.QuoteLiteral(Guid.NewGuid().ToString("D"));
            var started = SimpleQueryConnection.Bind(PostgresMigrationsTable.InsertStarted,
                id, PostgresIdentifiers.QuoteLiteral(migration.Checksum), Timestamp(time.GetUtcNow()), PostgresIdentifiers.QuoteLiteral(migration.Name));
            var bookkeeping = Bookkeeping.ExecuteAsync(TakeFinishing() + started, cancellationToken);

            var scripts = _scripts!;
            SimpleQueryConnection.QueryOutcome outcome;
            try
            {
                outcome = await scripts.QueryAsync(migration.Script, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await bookkeeping.ConfigureAwait(false);
            }
            if (outcome.Error is null)
            {
                _finishing = SimpleQueryConnection.Bind(PostgresMigrationsTable.IncrementSteps, "1", id) + ";\n" +
                             SimpleQueryConnection.Bind(PostgresMigrationsTable.SetFinished, Timestamp(time.GetUtcNow()), id) + ";\n";
                return null;
            }

            if (outcome.TransactionStatus != 'I')
            {
                // The script opened a transaction block and failed inside it; end it so the session stays usable.
                await scripts.QueryAsync("ROLLBACK", CancellationToken.None).ConfigureAwait(false);
            }
            var failure = PostgresFailure.Of(migration.Script, outcome.Error, schema, pluginId is not null);
            var logs = MigrationPlan.FailureLogs(migration.Name, outcome.Error.SqlState, failure.ServerText, failure.Position, failure.Statement);
            await Bookkeeping.ExecuteAsync(SimpleQueryConnection.Bind(PostgresMigrationsTable.SetLogs, PostgresIdentifiers.QuoteLiteral(logs), id), CancellationToken.None).ConfigureAwait(false);

            var undone = failure.WholeFileUndone
                ? $"PostgreSQL rolled back the whole of {migration.Name} (it ran as one implicit transaction)"
                : $"{migration.Name} {failure.WhyNotAtomic}, so PostgreSQL did not undo it as a whole: what it committed before the failure stays applied";
            var at = Applied.Count == 0 ? "no migration was applied by this run" : $"the schema is at {Applied[^1]}";
            return plan.Failed(migration, Applied, failure.Summary, failure.Position,
                $"{undone}; the failed attempt is recorded in _prisma_migrations.",
                $"{undone}; {at}; {migration.Name} is recorded as failed in _prisma_migrations.",
                pluginId, displayBase);
        }

        /// <summary>The finishing updates of the last applied migration, not yet sent.</summary>
        private string? _finishing;

        private string TakeFinishing()
        {
            var sql = _finishing ?? string.Empty;
            _finishing = null;
            return sql;
        }

        private string LockStatement(string sql) =>
            SimpleQueryConnection.Bind(sql, AdvisoryLockKey(schema).ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Microseconds, as PostgreSQL stores them; the bookkeeping session runs in UTC.
        private static string Timestamp(DateTimeOffset at) =>
            "'" + at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture) + "+00'::timestamptz";
    }
}
