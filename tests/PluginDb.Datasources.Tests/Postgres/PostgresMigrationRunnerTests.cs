using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Npgsql;
using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Datasources.Postgres;
using PluginDb.Datasources.Tests.Support;
using Xunit.Abstractions;

namespace PluginDb.Datasources.Tests.Postgres;

[Collection(PostgresServerCollection.Name)]
[Trait("Category", PostgresServerCollection.Category)]
public sealed class PostgresMigrationRunnerTests(PostgresServerFixture server, ITestOutputHelper output) : IAsyncLifetime
{
    // FACTS §1: `pg_dump --schema-only -t _prisma_migrations` of the table Prisma creates.
    private const string PrismaTableDump =
        """
        CREATE TABLE public._prisma_migrations (
            id character varying(36) NOT NULL,
            checksum character varying(64) NOT NULL,
            finished_at timestamp with time zone,
            migration_name character varying(255) NOT NULL,
            logs text,
            rolled_back_at timestamp with time zone,
            started_at timestamp with time zone DEFAULT now() NOT NULL,
            applied_steps_count integer DEFAULT 0 NOT NULL
        );
        ALTER TABLE ONLY public._prisma_migrations
            ADD CONSTRAINT _prisma_migrations_pkey PRIMARY KEY (id);
        """;

    private readonly TempDirectory _temp = new();
    private readonly PostgresMigrationRunner _runner = new();
    private readonly List<string> _roles = [];
    private PostgresProjectDatabase? _project;

    private PostgresProjectDatabase Project => _project ?? throw new InvalidOperationException("not initialised");

    private string MigrationsDir => _temp.Combine("migrations");

    public async Task InitializeAsync() => _project = await PostgresProjectDatabase.CreateAsync(server.AdminConnectionString, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await Project.DisposeAsync();
        foreach (var role in _roles)
        {
            await server.ExecuteAsync($"DROP ROLE IF EXISTS {role}");
        }
        _temp.Dispose();
    }

    private void AddMigration(string name, string sql) => PrismaHistory.Add(MigrationsDir, name, sql);

    private IReadOnlyList<LocalMigration> Load() =>
        MigrationFolder.Load(MigrationsDir, DatabaseProvider.Postgresql, "demo", _temp.Path).Migrations;

    private Task<MigrationOutcome> RunAsync(string? connectionString = null, string schema = "public", CancellationToken cancellationToken = default) =>
        _runner.RunAsync(connectionString ?? Project.ConnectionString, schema, Load(), "demo", _temp.Path, cancellationToken);

    // Checks look as the admin, who sees every schema the runs wrote to.
    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = Project.DatabaseName }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private async Task<IReadOnlyList<AppliedMigration>> HistoryAsync(string schema = "public")
    {
        var settings = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = Project.DatabaseName };
        return await PostgresMigrationRunner.ReadHistoryAsync(settings.ConnectionString, schema, CancellationToken.None);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private async Task<bool> TableExistsAsync(string qualifiedName) =>
        await ScalarAsync($"SELECT to_regclass('{qualifiedName}') IS NOT NULL") is true;

    /// <summary>A least-privilege login role owning one schema in the project database, as the role provider will make it.</summary>
    private async Task<string> PluginRoleAsync(string schema)
    {
        var role = "plg_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        await server.ExecuteAsync($"CREATE ROLE {role} LOGIN PASSWORD 'pw-{role}'");
        _roles.Add(role);
        await server.ExecuteAsync($"CREATE SCHEMA {schema} AUTHORIZATION {role}", Project.DatabaseName);
        return new NpgsqlConnectionStringBuilder(Project.ConnectionString) { Username = role, Password = "pw-" + role }.ConnectionString;
    }

    private void AddHealthyHistory() => PrismaHistory.AddHealthy(MigrationsDir);

    [Fact]
    public async Task A_fresh_schema_gets_one_finished_row_per_migration_with_Prismas_checksum()
    {
        AddHealthyHistory();

        var result = await RunAsync();

        Assert.True(result.Successful, string.Join("\n", result.Findings.Select(f => f.Message)));
        Assert.Equal(["20240101000000_a", "20240102000000_b"], result.Applied);
        var rows = await HistoryAsync();
        Assert.Equal(["20240101000000_a", "20240102000000_b"], rows.Select(r => r.MigrationName).ToArray());
        PrismaHistory.AssertFinished(rows);
        Assert.All(rows, r => Assert.True(r.FinishedAt >= r.StartedAt));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(MigrationsDir, "20240102000000_b", "migration.sql")))), rows[1].Checksum);
        Assert.True(await TableExistsAsync("public.\"B\""));
    }

    [Fact]
    public async Task Names_and_failure_logs_holding_quotes_backslashes_and_placeholders_are_recorded_as_they_are()
    {
        // The bookkeeping statements carry their values as constants: nothing in a value may be read as SQL or as another value.
        AddMigration("20240101000000_it's_$2", "CREATE TABLE \"A\" (id INT);");
        AddMigration("20240102000000_back\\slash_$1", "SELECT 'it''s $1 \\ fine' FROM missing_table;");

        var result = await RunAsync();

        Assert.False(result.Successful);
        var rows = await HistoryAsync();
        Assert.Equal(["20240101000000_it's_$2", "20240102000000_back\\slash_$1"], rows.Select(r => r.MigrationName).ToArray());
        Assert.NotNull(rows[0].FinishedAt);
        Assert.Equal(1, rows[0].AppliedStepsCount);
        Assert.Null(rows[1].FinishedAt);
        Assert.Contains("missing_table", rows[1].Logs, StringComparison.Ordinal);
        Assert.Contains("'it''s $1 \\ fine'", rows[1].Logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_schema_read_back_in_the_replays_session_equals_a_read_of_its_own()
    {
        AddHealthyHistory();

        var (result, replayed) = await _runner.RunAsync(Project.ConnectionString, "public", Load(), null, _temp.Path, readBack: true, CancellationToken.None);

        Assert.True(result.Successful);
        Assert.NotNull(replayed);
        var separately = await PluginDb.Datasources.Schemas.PostgresIntrospector.ReadAsync(Project.ConnectionString, "public", CancellationToken.None);
        Assert.Empty(PluginDb.Core.Schemas.SchemaDiff.Compare(separately, replayed));
        Assert.Contains(replayed.Tables, t => t.Name == "B");
    }

    [Fact]
    public async Task The_read_back_is_not_shaped_by_settings_a_migration_left_in_the_scripts_session()
    {
        AddMigration("01_objects", """
            CREATE TYPE "Mood" AS ENUM ('calm', 'busy');
            CREATE TABLE "T" (
                "id" SERIAL PRIMARY KEY,
                "at" TIMESTAMP(3) NOT NULL DEFAULT '2020-01-02 03:04:05',
                "when" TIMESTAMPTZ DEFAULT '2020-01-02 03:04:05+00',
                "ratio" DOUBLE PRECISION DEFAULT 0.1,
                "mood" "Mood" NOT NULL DEFAULT 'calm',
                "name" TEXT CHECK (length("name") > 1)
            );
            CREATE INDEX "T_lower_idx" ON "T" (lower("name")) WHERE "ratio" > 0.5;
            CREATE SEQUENCE "S" START 5;
            CREATE VIEW "V" AS SELECT "id", "name" FROM "T" WHERE "at" > '2021-01-01';
            """);
        AddMigration("02_settings", """
            SET search_path TO pg_catalog;
            SET DateStyle TO 'SQL, DMY';
            SET TimeZone TO 'Asia/Tokyo';
            SET extra_float_digits TO 3;
            SET IntervalStyle TO 'sql_standard';
            SELECT 1;
            """);

        var (result, replayed) = await _runner.RunAsync(Project.ConnectionString, "public", Load(), null, _temp.Path, readBack: true, CancellationToken.None);

        Assert.True(result.Successful);
        Assert.NotNull(replayed);
        var separately = await PluginDb.Datasources.Schemas.PostgresIntrospector.ReadAsync(Project.ConnectionString, "public", CancellationToken.None);
        Assert.Empty(PluginDb.Core.Schemas.SchemaDiff.Compare(separately, replayed));
        Assert.Equal(separately, replayed);
        Assert.Single(replayed.Views);
        Assert.Single(replayed.Sequences);
    }

    [Theory]
    [InlineData(true, "off")]
    [InlineData(false, "on")]
    public async Task Only_a_throwaway_database_is_migrated_without_waiting_for_the_wal(bool throwaway, string expected)
    {
        AddMigration("01_setting", "CREATE TABLE \"Seen\" AS SELECT current_setting('synchronous_commit') AS \"value\";\n");
        // The test servers run with synchronous_commit off; a durable server's default is on.
        await server.ExecuteAsync($"ALTER DATABASE {Project.DatabaseName} SET synchronous_commit = on");

        var result = await new PostgresMigrationRunner { Throwaway = throwaway }.RunAsync(Project.ConnectionString, "public", Load(), "demo", _temp.Path, CancellationToken.None);

        Assert.True(result.Successful);
        await using var connection = await OpenAsync();
        await using var read = new NpgsqlCommand("SELECT \"value\" FROM public.\"Seen\"", connection);
        Assert.Equal(expected, await read.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_failed_replay_is_not_read_back()
    {
        PrismaHistory.AddFailing(MigrationsDir);

        var (result, replayed) = await _runner.RunAsync(Project.ConnectionString, "public", Load(), null, _temp.Path, readBack: true, CancellationToken.None);

        Assert.False(result.Successful);
        Assert.Null(replayed);
    }

    [ToolFact("pg_dump")]
    public async Task The_bookkeeping_table_dumps_exactly_as_the_table_Prisma_creates()
    {
        AddHealthyHistory();
        Assert.True((await RunAsync()).Successful);

        var connection = new NpgsqlConnectionStringBuilder(Project.ConnectionString);
        var start = new ProcessStartInfo("pg_dump") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--schema-only", "-t", "_prisma_migrations", "-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", connection.Username!, connection.Database! })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["PGPASSWORD"] = connection.Password;
        using var process = Process.Start(start)!;
        var dump = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());

        var statements = Regex.Matches(dump, @"^(CREATE TABLE|ALTER TABLE ONLY) .*?;\n", RegexOptions.Multiline | RegexOptions.Singleline)
            .Select(m => m.Value);
        Assert.Equal(PrismaTableDump.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n", string.Concat(statements));
    }

    [Fact]
    public async Task A_second_run_applies_nothing_and_reports_the_migrations_as_already_applied()
    {
        AddHealthyHistory();
        await RunAsync();

        var again = await RunAsync();

        Assert.True(again.Successful);
        Assert.Empty(again.Applied);
        Assert.Equal(["20240101000000_a", "20240102000000_b"], again.AlreadyApplied);
        Assert.Equal(2, (await HistoryAsync()).Count);
    }

    [Fact]
    public async Task A_failing_multi_statement_migration_leaves_nothing_of_itself_and_its_row_as_Prisma_leaves_it()
    {
        PrismaHistory.AddFailing(MigrationsDir);

        var result = await RunAsync();

        Assert.False(result.Successful);
        Assert.Equal(["20240101000000_a"], result.Applied);
        Assert.Equal("20240105000000_fail", result.Failed);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("SDB201", finding.Code);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("migrations/20240105000000_fail/migration.sql", finding.File);
        Assert.Equal(6, finding.Line);
        Assert.Equal(1, finding.Column);
        Assert.Contains("Statement 3 of 4 (line 6: `CREATE TABLE \"A\"", finding.Message, StringComparison.Ordinal);
        Assert.Contains("SQLSTATE 42P07: relation \"A\" already exists", finding.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL rolled back the whole of 20240105000000_fail", result.DatabaseState, StringComparison.Ordinal);

        Assert.False(await TableExistsAsync("public.\"E\""));
        Assert.False(await TableExistsAsync("public.\"F\""));
        Assert.False(await TableExistsAsync("public.\"G\""));

        var rows = await HistoryAsync();
        Assert.Equal(2, rows.Count);
        PrismaHistory.AssertFailedRow(rows, Load(), "Database error code: 42P07\n\nDatabase error:\nERROR: relation \"A\" already exists");
    }

    [Fact]
    public async Task An_error_with_a_server_position_is_placed_at_that_line_and_column()
    {
        AddMigration("01_init", "CREATE TABLE t (id INTEGER);\n\n-- a comment with ünïcode and 🐘\nCREATE INDEX t_idx ON t (id);\nSELECT id,\n       nope FROM t;\n");

        var result = await RunAsync();

        var finding = Assert.Single(result.Findings);
        Assert.Equal((6, 8), (finding.Line!.Value, finding.Column!.Value));
        Assert.Contains("Statement 3 of 3 (line 5: `SELECT id, nope FROM t;`) failed with SQLSTATE 42703", finding.Message, StringComparison.Ordinal);
        Assert.False(await TableExistsAsync("public.t"));
    }

    [Fact]
    public async Task A_file_holding_only_CREATE_INDEX_CONCURRENTLY_applies()
    {
        AddMigration("01_init", "CREATE TABLE t (id INTEGER);\n");
        AddMigration("02_index", "-- CreateIndex\nCREATE INDEX CONCURRENTLY \"t_id_idx\" ON \"t\"(\"id\");\n");

        var result = await RunAsync();

        Assert.True(result.Successful, string.Join("\n", result.Findings.Select(f => f.Message)));
        Assert.Equal(["01_init", "02_index"], result.Applied);
        Assert.True(await TableExistsAsync("public.t_id_idx"));
    }

    [Fact]
    public async Task CREATE_INDEX_CONCURRENTLY_among_other_statements_is_refused_as_one_simple_query_refuses_it()
    {
        // Prisma sends this file as one Query message, which PostgreSQL runs as an implicit transaction
        // block, so it fails; an Npgsql batch would have run it.
        AddMigration("01_init", "CREATE TABLE t (id INTEGER);\n");
        AddMigration("02_index", "CREATE INDEX CONCURRENTLY \"t_id_idx\" ON \"t\"(\"id\");\nCREATE TABLE u (id INTEGER);\n");

        var result = await RunAsync();

        Assert.Equal("02_index", result.Failed);
        var finding = Assert.Single(result.Findings);
        Assert.Contains("SQLSTATE 25001: CREATE INDEX CONCURRENTLY cannot run inside a transaction block", finding.Message, StringComparison.Ordinal);
        Assert.Equal(1, finding.Line);
        Assert.Contains("CONCURRENTLY", result.DatabaseState, StringComparison.Ordinal);
        Assert.False(await TableExistsAsync("public.t_id_idx"));
        Assert.False(await TableExistsAsync("public.u"));
    }

    [Fact]
    public async Task Semicolons_inside_bodies_and_quotes_reach_the_server_untouched()
    {
        AddMigration("01_functions",
            "CREATE FUNCTION one() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\nEND;\n" +
            "CREATE FUNCTION two() RETURNS text LANGUAGE plpgsql AS $body$ BEGIN RETURN 'a;b'; END; $body$;\n" +
            "CREATE TABLE t (note TEXT DEFAULT E'x\\';y');\n");
        AddMigration("02_fail", "SELECT 1;\nSELECT one() + two()::int;\n");

        var result = await RunAsync();

        Assert.Equal(["01_functions"], result.Applied);
        Assert.Equal(1, await ScalarAsync("SELECT one()"));
        Assert.Equal("a;b", await ScalarAsync("SELECT two()"));
        var finding = Assert.Single(result.Findings);
        Assert.Contains("Statement 2 of 2 (line 2: `SELECT one() + two()::int;`)", finding.Message, StringComparison.Ordinal);
        Assert.Equal(2, finding.Line);
    }

    [Fact]
    public async Task A_recorded_failure_blocks_later_runs_until_it_is_rolled_back_and_then_a_new_row_is_written()
    {
        PrismaHistory.AddFailing(MigrationsDir);
        await RunAsync();

        var blocked = await RunAsync();

        PrismaHistory.AssertBlocked(blocked);
        Assert.False(await TableExistsAsync("public.\"G\""));
        Assert.Equal(2L, await ScalarAsync("SELECT count(*) FROM _prisma_migrations"));

        // What `prisma migrate resolve --rolled-back` does, then the script is fixed.
        Assert.Equal(1L, await ScalarAsync("WITH r AS (UPDATE _prisma_migrations SET rolled_back_at = now() WHERE finished_at IS NULL RETURNING 1) SELECT count(*) FROM r"));
        PrismaHistory.FixFailing(MigrationsDir);

        var resolved = await RunAsync();

        PrismaHistory.AssertResolved(resolved, await HistoryAsync());
        Assert.True(await TableExistsAsync("public.\"E\""));
        Assert.True(await TableExistsAsync("public.\"G\""));
    }

    [Fact]
    public async Task A_schema_with_tables_but_no_history_is_refused_like_P3005()
    {
        await server.ExecuteAsync("CREATE TABLE public.legacy (id INTEGER)", Project.DatabaseName);
        AddHealthyHistory();

        var result = await RunAsync();

        Assert.False(result.Successful);
        Assert.Empty(result.Applied);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("SDB203", finding.Code);
        Assert.Contains("The schema `public` is not empty (1 table(s), e.g. legacy)", finding.Message, StringComparison.Ordinal);
        Assert.False(await TableExistsAsync("public._prisma_migrations"));
        Assert.False(await TableExistsAsync("public.\"A\""));
    }

    [Fact]
    public async Task A_plugin_role_migrates_its_own_schema_and_the_table_lands_there()
    {
        var plugin = await PluginRoleAsync("papertrail");
        AddHealthyHistory();

        var result = await RunAsync(plugin, "papertrail");

        Assert.True(result.Successful, string.Join("\n", result.Findings.Select(f => f.Message)));
        Assert.True(await TableExistsAsync("papertrail._prisma_migrations"));
        Assert.True(await TableExistsAsync("papertrail.\"B\""));
        Assert.False(await TableExistsAsync("public._prisma_migrations"));
        Assert.Equal(2, (await HistoryAsync("papertrail")).Count);
    }

    [Fact]
    public async Task Writing_outside_the_plugins_schema_fails_with_the_privilege_it_lacks_in_production_terms()
    {
        var plugin = await PluginRoleAsync("papertrail");
        AddMigration("01_init", "CREATE TABLE notes (id INTEGER);\n");
        AddMigration("02_public", "CREATE TABLE tags (id INTEGER);\nCREATE TABLE public.shared (id INTEGER);\n");

        var result = await RunAsync(plugin, "papertrail");

        Assert.Equal("02_public", result.Failed);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("SDB201", finding.Code);
        Assert.Equal(2, finding.Line);
        Assert.Contains("SQLSTATE 42501: permission denied for schema public", finding.Message, StringComparison.Ordinal);
        Assert.Contains("the plugin's role may not create or use objects in schema public", finding.Message, StringComparison.Ordinal);
        Assert.Contains("migrations run with the plugin's own least-privilege role", finding.Message, StringComparison.Ordinal);
        Assert.False(await TableExistsAsync("papertrail.tags"));
    }

    [Fact]
    public async Task An_untrusted_extension_fails_for_the_plugin_role_with_what_it_may_not_do()
    {
        var plugin = await PluginRoleAsync("papertrail");
        AddMigration("01_ext", "CREATE EXTENSION IF NOT EXISTS dblink;\n");

        var result = await RunAsync(plugin, "papertrail");

        var finding = Assert.Single(result.Findings);
        Assert.Contains("SQLSTATE 42501: permission denied to create extension \"dblink\"", finding.Message, StringComparison.Ordinal);
        Assert.Contains("the plugin's role may not create the extension dblink", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_runners_on_one_schema_serialize_on_the_advisory_lock_and_apply_each_migration_once()
    {
        AddMigration("01_slow", "SELECT pg_sleep(0.5);\nCREATE TABLE a (id INTEGER);\n");
        AddMigration("02_b", "CREATE TABLE b (id INTEGER);\n");

        var results = await Task.WhenAll(RunAsync(), RunAsync());

        Assert.All(results, r => Assert.True(r.Successful, string.Join("\n", r.Findings.Select(f => f.Message))));
        Assert.Equal(["01_slow", "02_b"], results.SelectMany(r => r.Applied).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains(results, r => r.AlreadyApplied.Count == 2);
        Assert.Equal(2, (await HistoryAsync()).Count);
    }

    [Fact]
    public async Task A_runner_releases_the_lock_only_after_its_last_migration_is_committed_as_finished()
    {
        AddMigration("00_init", "CREATE TABLE z (id INTEGER);\n");
        Assert.True((await RunAsync()).Successful);
        // A commit that updates _prisma_migrations now takes a moment: a runner that released the lock
        // before its commit would let the other read its last migration as unfinished (failed, P3009).
        await using (var admin = await OpenAsync())
        {
            await using var slow = new NpgsqlCommand(
                "CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.3); RETURN NULL; END $$; " +
                "CREATE CONSTRAINT TRIGGER slow_commit AFTER UPDATE ON public._prisma_migrations DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()",
                admin);
            await slow.ExecuteNonQueryAsync();
        }
        AddMigration("01_a", "CREATE TABLE a (id INTEGER);\n");
        AddMigration("02_b", "CREATE TABLE b (id INTEGER);\n");

        var results = await Task.WhenAll(RunAsync(), RunAsync());

        Assert.All(results, r => Assert.True(r.Successful, string.Join("\n", r.Findings.Select(f => f.Message))));
        Assert.Equal(["01_a", "02_b"], results.SelectMany(r => r.Applied).Order(StringComparer.Ordinal).ToArray());
        Assert.All(await HistoryAsync(), row => Assert.NotNull(row.FinishedAt));
    }

    [Fact]
    public async Task The_lock_is_per_schema_so_another_schema_migrates_while_one_is_held()
    {
        var one = await PluginRoleAsync("one");
        var two = await PluginRoleAsync("two");
        AddHealthyHistory();
        await using var holder = await OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresMigrationRunner.AdvisoryLockKey("one")})", holder))
        {
            await take.ExecuteNonQueryAsync();
        }

        var other = await RunAsync(two, "two");
        using var shortWait = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(one, "one", shortWait.Token));

        Assert.True(other.Successful);
        Assert.NotEqual(PostgresMigrationRunner.AdvisoryLockKey("one"), PostgresMigrationRunner.AdvisoryLockKey("two"));
        Assert.Empty(await HistoryAsync("one"));
    }

    [Fact]
    public async Task The_lock_is_released_when_the_run_ends()
    {
        AddHealthyHistory();
        await RunAsync();

        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"));
    }

    [CorpusTheory]
    [MemberData(nameof(Corpus.PostgresProjects), MemberType = typeof(Corpus))]
    public async Task Every_PostgreSQL_history_in_the_corpus_replays_cleanly_with_Prismas_bookkeeping(string project)
    {
        var folder = MigrationFolder.Load(Corpus.MigrationsOf(project), DatabaseProvider.Postgresql, project, _temp.Path);
        Assert.Empty(folder.Findings);
        Assert.NotEmpty(folder.Migrations);

        var clock = Stopwatch.StartNew();
        var result = await _runner.RunAsync(Project.ConnectionString, PostgresProjectDatabase.Schema, folder.Migrations, project, _temp.Path, CancellationToken.None);
        clock.Stop();
        output.WriteLine($"{project}: {folder.Migrations.Count} migrations replayed in {clock.Elapsed.TotalSeconds:F2} s");

        await PrismaHistory.AssertReplayedAsync(result, folder.Migrations, await HistoryAsync());
    }
}
