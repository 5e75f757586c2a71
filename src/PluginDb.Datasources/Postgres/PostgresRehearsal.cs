using System.Globalization;
using PluginDb.Core.Datasources;
using PluginDb.Core.Migrations;
using PluginDb.Core.Rehearsal;
using PluginDb.Core.Schemas;

namespace PluginDb.Datasources.Postgres;

/// <summary>What a rehearsal saw: each statement's observation, and what it could not do (a table left without rows, a statement it could not run).</summary>
public sealed record RehearsalResult(IReadOnlyList<StatementObservation> Observations, IReadOnlyList<string> Gaps);

/// <summary>
/// Rehearses new migrations on a schema that holds the base's end state, as the plugin's role: puts
/// <see cref="SyntheticRows"/> into every table, then runs each new migration's statements one by one in
/// one transaction per migration (as Prisma's single Query message runs it), reading after each the locks
/// the session holds (<c>pg_locks</c>) and the storage of each table and index (<c>relfilenode</c>).
/// A single new migration is rehearsed in the replay's own session, paused before it
/// (<see cref="PostgresMigrationRunner.Pause"/>): rows and statements in one transaction that is rolled
/// back, so the replay goes on to apply the migration to the base as it was (one replay of the history in
/// all). Several commit one by one, as the runner's would, and at the end the role drops everything it
/// made, so the schema is empty, as provisioned, for a whole replay. A statement that fails is rolled back
/// to the savepoint before it, and the rehearsal goes on.
/// </summary>
internal static class PostgresRehearsal
{
    /// <summary>Several new migrations, on <paramref name="session"/> (the plugin's role, its search_path): each commits, and the schema is emptied at the end.</summary>
    public static async Task<RehearsalResult> RunAsync(
        SimpleQueryConnection session, string schema, DatabaseSchema baseSchema, IReadOnlyList<LocalMigration> migrations, CancellationToken cancellationToken)
    {
        var gaps = new List<string>();
        await session.ExecuteAsync("BEGIN", cancellationToken).ConfigureAwait(false);
        await SeedAsync(session, baseSchema, gaps, cancellationToken).ConfigureAwait(false);
        await session.ExecuteAsync("COMMIT", cancellationToken).ConfigureAwait(false);
        var observations = new List<StatementObservation>();
        try
        {
            // Each migration in a transaction of its own, committed, as the runner applies it: its
            // locks start from none, and the next migration sees its effects over the rows.
            foreach (var migration in migrations)
            {
                await session.ExecuteAsync("BEGIN", cancellationToken).ConfigureAwait(false);
                await RehearseAsync(session, schema, migration, observations, gaps, cancellationToken).ConfigureAwait(false);
                await session.ExecuteAsync("COMMIT", cancellationToken).ConfigureAwait(false);
            }
            return new RehearsalResult(observations, gaps);
        }
        finally
        {
            // Back to an empty schema, as provisioned, for the real replay: the role drops what it made.
            await session.QueryAsync("ROLLBACK", CancellationToken.None).ConfigureAwait(false);
            await session.ExecuteAsync(EmptySchema(schema), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One new migration, on <paramref name="session"/> (the replay's scripts session, paused before it):
    /// the rows and the statements in one transaction, rolled back, so the base is left as it was.
    /// </summary>
    /// <param name="rowsIn">Awaited once the rows are in, before the first statement: what read the base on another session meanwhile
    /// (it sees none of the uncommitted rows, and none of the statements' locks can wait for it).</param>
    public static async Task<RehearsalResult> RunAsync(
        SimpleQueryConnection session, string schema, DatabaseSchema baseSchema, LocalMigration migration, Task rowsIn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rowsIn);
        var gaps = new List<string>();
        var observations = new List<StatementObservation>();
        await session.ExecuteAsync("BEGIN", cancellationToken).ConfigureAwait(false);
        try
        {
            await SeedAsync(session, baseSchema, gaps, cancellationToken).ConfigureAwait(false);
            await rowsIn.ConfigureAwait(false);
            await RehearseAsync(session, schema, migration, observations, gaps, cancellationToken).ConfigureAwait(false);
            return new RehearsalResult(observations, gaps);
        }
        finally
        {
            await session.QueryAsync("ROLLBACK", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Puts the rows into every table, inside the caller's transaction, parents first: each run of tables
    /// without a CHECK constraint in one round trip, a table with checks alone (rows its checks refuse
    /// are fitted to them, <see cref="FitChecksAsync"/>). Where a run is refused, table by table, so that
    /// the others keep their rows and the refused one is told.
    /// </summary>
    private static async Task SeedAsync(SimpleQueryConnection session, DatabaseSchema baseSchema, List<string> gaps, CancellationToken cancellationToken)
    {
        var plan = SyntheticRows.Plan(baseSchema);
        var tables = baseSchema.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        for (var next = 0; next < plan.Count;)
        {
            var run = new List<SyntheticRows.TableRows> { plan[next++] };
            while (tables[run[0].Table].Checks.Count == 0 && next < plan.Count && tables[plan[next].Table].Checks.Count == 0)
            {
                run.Add(plan[next++]);
            }
            var all = await session.QueryAsync(Savepointed(string.Join(";\n", run.Select(r => r.Sql))), cancellationToken).ConfigureAwait(false);
            if (all.Error is null)
            {
                continue;
            }
            await session.ExecuteAsync("ROLLBACK TO SAVEPOINT plugindb_rows", cancellationToken).ConfigureAwait(false);
            foreach (var rows in run)
            {
                var error = run.Count == 1 ? all.Error : (await session.QueryAsync(Savepointed(rows.Sql), cancellationToken).ConfigureAwait(false)).Error;
                if (error is null)
                {
                    continue;
                }
                await session.ExecuteAsync("ROLLBACK TO SAVEPOINT plugindb_rows", cancellationToken).ConfigureAwait(false);
                if (error.SqlState == CheckViolation
                    && await FitChecksAsync(session, rows, tables[rows.Table], baseSchema, cancellationToken).ConfigureAwait(false) is { } fitted
                    && (await session.QueryAsync(Savepointed(fitted.Sql), cancellationToken).ConfigureAwait(false)).Error is null)
                {
                    continue;
                }
                await session.QueryAsync("ROLLBACK TO SAVEPOINT plugindb_rows", cancellationToken).ConfigureAwait(false);
                gaps.Add(Unseeded(rows.Table, error.Message));
            }
        }
    }

    // Statements behind a savepoint, released where they all succeed (where one fails the rest of the Query is skipped, the release with it).
    private static string Savepointed(string sql) => $"SAVEPOINT plugindb_rows; {sql}; RELEASE SAVEPOINT plugindb_rows";

    /// <summary>SQLSTATE 23514, check_violation.</summary>
    private const string CheckViolation = "23514";

    /// <summary>
    /// Rows a table's CHECK constraints refused, with the values the server finds to satisfy them
    /// (<see cref="SyntheticRows.CheckSearches"/>), or null where it finds none for any row.
    /// </summary>
    private static async Task<SyntheticRows.TableRows?> FitChecksAsync(
        SimpleQueryConnection session, SyntheticRows.TableRows rows, Table table, DatabaseSchema baseSchema, CancellationToken cancellationToken)
    {
        if (SyntheticRows.CheckSearches(rows, table, baseSchema) is not var (columns, queries))
        {
            return null;
        }
        var found = new List<IReadOnlyList<string?>?>();
        foreach (var query in queries)
        {
            // A candidate the type does not take fails the search, not the transaction.
            await session.ExecuteAsync("SAVEPOINT plugindb_search", cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await session.ReadAsync(query, cancellationToken).ConfigureAwait(false);
                found.Add(result[0].Count > 0 ? result[0][0] : null);
            }
            catch (PostgresProtocolException)
            {
                await session.ExecuteAsync("ROLLBACK TO SAVEPOINT plugindb_search", cancellationToken).ConfigureAwait(false);
                return null;
            }
        }
        return found.All(f => f is null) ? null : SyntheticRows.WithValues(rows, table, columns, found);
    }

    private static string Unseeded(string table, string why) =>
        $"\"{table}\" could not be given rows ({why}); statements on it were rehearsed on an empty table.";

    /// <summary>One migration's statements, each behind a savepoint and observed, inside the transaction the caller opened.</summary>
    private static async Task RehearseAsync(
        SimpleQueryConnection session, string schema, LocalMigration migration, List<StatementObservation> observations, List<string> gaps, CancellationToken cancellationToken)
    {
        var namespaceFilter = $"(SELECT oid FROM pg_namespace WHERE nspname = {PostgresIdentifiers.QuoteLiteral(schema)})";
        var (locks, storage) = await ObserveAsync(session, namespaceFilter, cancellationToken).ConfigureAwait(false);
        foreach (var statement in PostgresScript.Split(migration.Script))
        {
            if (PostgresScript.ControlsTransaction(statement))
            {
                // Prisma writes BEGIN … COMMIT around some changes (an enum's values); the
                // rehearsal's own transaction per migration stands for them.
                continue;
            }
            var text = statement.Text(migration.Script);
            var line = 1 + migration.Script.AsSpan(0, statement.Offset).Count('\n');
            // A statement that fails is undone alone and the migration goes on, so that what
            // follows it is observed too (a statement that needed it fails in turn, and only
            // failures that rows explain are findings).
            var outcome = await session.QueryAsync("SAVEPOINT plugindb_statement; " + text, cancellationToken).ConfigureAwait(false);
            if (outcome.Error is { } failed)
            {
                await session.ExecuteAsync("ROLLBACK TO SAVEPOINT plugindb_statement", cancellationToken).ConfigureAwait(false);
                if (failed.SqlState == ActiveTransaction)
                {
                    // The server's own word that the statement runs only outside a transaction
                    // block (CREATE INDEX CONCURRENTLY and its kin): it cannot be observed here.
                    gaps.Add($"{migration.Name} line {line.ToString(CultureInfo.InvariantCulture)}: {statement.FirstWords} cannot run inside a transaction block and was not observed.");
                    continue;
                }
                observations.Add(new StatementObservation(migration.Name, line, text, new Dictionary<string, string>(), locks, [], [], failed.SqlState, failed.Message));
                continue;
            }
            var (locksAfter, storageAfter) = await ObserveAsync(session, namespaceFilter, cancellationToken).ConfigureAwait(false);
            var newLocks = locksAfter
                .Where(l => StatementObservation.Strength(l.Value) > (locks.TryGetValue(l.Key, out var held) ? StatementObservation.Strength(held) : -1))
                .ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
            var rewritten = storageAfter.Where(s => storage.TryGetValue(s.Key, out var before) && before.Node != s.Value.Node).ToList();
            observations.Add(new StatementObservation(migration.Name, line, text, newLocks, locksAfter,
                [.. rewritten.Where(r => r.Value.Kind != "i").Select(r => r.Key)],
                [.. rewritten.Where(r => r.Value.Kind == "i").Select(r => (r.Key, r.Value.Table))],
                null, null));
            (locks, storage) = (locksAfter, storageAfter);
        }
    }

    /// <summary>
    /// Drops every table, view, sequence, type and routine in <paramref name="schema"/> (all of them the
    /// role's own, made by its migrations), leaving the schema itself with its grants as provisioned.
    /// </summary>
    private static string EmptySchema(string schema)
    {
        var name = PostgresIdentifiers.QuoteLiteral(schema);
        return $$"""
            DO $plugindb$DECLARE r record; BEGIN
              FOR r IN SELECT c.relname, c.relkind FROM pg_class c WHERE c.relnamespace = {{name}}::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f') LOOP
                EXECUTE format(CASE r.relkind WHEN 'v' THEN 'DROP VIEW IF EXISTS %I.%I CASCADE' WHEN 'm' THEN 'DROP MATERIALIZED VIEW IF EXISTS %I.%I CASCADE'
                  WHEN 'f' THEN 'DROP FOREIGN TABLE IF EXISTS %I.%I CASCADE' ELSE 'DROP TABLE IF EXISTS %I.%I CASCADE' END, {{name}}, r.relname);
              END LOOP;
              FOR r IN SELECT c.relname FROM pg_class c WHERE c.relnamespace = {{name}}::regnamespace AND c.relkind = 'S' LOOP
                EXECUTE format('DROP SEQUENCE IF EXISTS %I.%I CASCADE', {{name}}, r.relname);
              END LOOP;
              FOR r IN SELECT t.typname FROM pg_type t WHERE t.typnamespace = {{name}}::regnamespace AND t.typtype IN ('e', 'd', 'r', 'm')
                  OR (t.typnamespace = {{name}}::regnamespace AND t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c')) LOOP
                EXECUTE format('DROP TYPE IF EXISTS %I.%I CASCADE', {{name}}, r.typname);
              END LOOP;
              FOR r IN SELECT p.oid::regprocedure::text AS signature, p.prokind FROM pg_proc p WHERE p.pronamespace = {{name}}::regnamespace LOOP
                EXECUTE format(CASE r.prokind WHEN 'p' THEN 'DROP PROCEDURE IF EXISTS %s CASCADE' WHEN 'a' THEN 'DROP AGGREGATE IF EXISTS %s CASCADE'
                  ELSE 'DROP FUNCTION IF EXISTS %s CASCADE' END, r.signature);
              END LOOP;
            END$plugindb$
            """;
    }

    /// <summary>SQLSTATE 25001, active_sql_transaction: the statement cannot run inside a transaction block.</summary>
    private const string ActiveTransaction = "25001";

    /// <summary>
    /// In one round trip: table → the strongest lock this session holds on it (a lock on an index, such
    /// as the one a new index is built under, is the index's own), and each table's and index's storage.
    /// </summary>
    private static async Task<(Dictionary<string, string> Locks, Dictionary<string, (string Node, string Kind, string Table)> Storage)> ObserveAsync(
        SimpleQueryConnection session, string namespaceFilter, CancellationToken cancellationToken)
    {
        var sets = await session.ReadAsync(
            "SELECT c.relname::text, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation " +
            $"WHERE l.pid = pg_backend_pid() AND l.granted AND c.relkind IN ('r', 'p') AND c.relnamespace = {namespaceFilter}; " +
            "SELECT c.relname::text, c.relfilenode::text, c.relkind::text, coalesce(t.relname, c.relname)::text FROM pg_class c " +
            "LEFT JOIN pg_index i ON i.indexrelid = c.oid LEFT JOIN pg_class t ON t.oid = i.indrelid " +
            $"WHERE c.relnamespace = {namespaceFilter} AND c.relkind IN ('r', 'p', 'i')", cancellationToken).ConfigureAwait(false);
        var locks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in sets[0])
        {
            var (table, mode) = (row[0]!, row[1]!);
            if (!locks.TryGetValue(table, out var held) || StatementObservation.Strength(mode) > StatementObservation.Strength(held))
            {
                locks[table] = mode;
            }
        }
        return (locks, sets[1].ToDictionary(r => r[0]!, r => (r[1]!, r[2]!, r[3]!), StringComparer.Ordinal));
    }
}
