using Microsoft.Data.Sqlite;
using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Datasources.Sqlite;
using PluginDb.Datasources.Tests.Support;

namespace PluginDb.Datasources.Tests.Sqlite;

public sealed class SqliteMigrationRunnerTests : IDisposable
{
    // FACTS §1 (SQLite), verbatim.
    private const string PrismaTableDdl =
        """
        CREATE TABLE "_prisma_migrations" (
            "id"                    TEXT PRIMARY KEY NOT NULL,
            "checksum"              TEXT NOT NULL,
            "finished_at"           DATETIME,
            "migration_name"        TEXT NOT NULL,
            "logs"                  TEXT,
            "rolled_back_at"        DATETIME,
            "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
            "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
        );
        """;

    private readonly TempDirectory _temp = new();
    private readonly SqliteMigrationRunner _runner = new();

    private string Database => _temp.Combine("plugin.db");

    private string MigrationsDir => _temp.Combine("migrations");

    public void Dispose() => _temp.Dispose();

    private void AddMigration(string name, string sql) => PrismaHistory.Add(MigrationsDir, name, sql);

    private IReadOnlyList<LocalMigration> Load() =>
        MigrationFolder.Load(MigrationsDir, DatabaseProvider.Sqlite, "demo", _temp.Path).Migrations;

    private Task<MigrationOutcome> RunAsync() => _runner.RunAsync(Database, Load(), "demo", _temp.Path, CancellationToken.None);

    private async Task<IReadOnlyList<AppliedMigration>> HistoryAsync()
    {
        await using var connection = new SqliteConnection(SqliteMigrationRunner.ConnectionString(Database, SqliteOpenMode.ReadOnly));
        await connection.OpenAsync();
        return await SqliteMigrationRunner.ReadHistoryAsync(connection, CancellationToken.None);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(SqliteMigrationRunner.ConnectionString(Database, SqliteOpenMode.ReadOnly));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private async Task<bool> TableExistsAsync(string name) =>
        (long)(await ScalarAsync($"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{name}'"))! == 1;

    private void AddHealthyHistory() => PrismaHistory.AddHealthy(MigrationsDir);

    // Prisma's engine (and the peer, patch.sh item 3) takes "x" as a string where no column is named x,
    // in statements and in table definitions; the SQLite bundled here refuses both unless told otherwise.
    [Fact]
    public async Task Double_quoted_strings_are_literals_as_in_prismas_engine()
    {
        AddMigration("20240101000000_init", """
            CREATE TABLE "Setting" ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL DEFAULT "none");
            INSERT INTO "Setting" ("key", "value") VALUES ("instance-id", "abc");
            INSERT INTO "Setting" ("key") VALUES ("theme");
            UPDATE "Setting" SET "value" = "dark" WHERE "key" = "theme";
            """);

        var result = await RunAsync();

        Assert.True(result.Successful, string.Join("; ", result.Findings.Select(f => f.Message)));
        Assert.Equal("abc", await ScalarAsync("SELECT value FROM Setting WHERE key = 'instance-id'"));
        Assert.Equal("dark", await ScalarAsync("SELECT value FROM Setting WHERE key = 'theme'"));
    }

    // Prisma's engine enforces foreign keys while it replays; a row that breaks one fails the migration there too.
    [Fact]
    public async Task Foreign_keys_are_enforced_during_a_replay_as_in_prismas_engine()
    {
        AddMigration("20240101000000_init", """
            CREATE TABLE "Author" ("id" INTEGER NOT NULL PRIMARY KEY);
            CREATE TABLE "Book" ("id" INTEGER NOT NULL PRIMARY KEY, "authorId" INTEGER NOT NULL,
                CONSTRAINT "Book_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Author" ("id"));
            """);
        AddMigration("20240102000000_orphan", """INSERT INTO "Book" ("id", "authorId") VALUES (1, 42);""");

        var result = await RunAsync();

        Assert.False(result.Successful);
        Assert.Equal(["20240101000000_init"], result.Applied);
        Assert.Contains("FOREIGN KEY constraint failed", Assert.Single(result.Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_database_gets_prismas_table_verbatim_and_one_finished_row_per_migration()
    {
        AddHealthyHistory();

        var result = await RunAsync();

        Assert.True(result.Successful);
        Assert.Equal(["20240101000000_a", "20240102000000_b"], result.Applied);
        Assert.Empty(result.Findings);
        // sqlite_master keeps the statement without its closing semicolon.
        Assert.Equal(PrismaTableDdl.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd(';'), await ScalarAsync("SELECT sql FROM sqlite_master WHERE name = '_prisma_migrations'"));
        var rows = await HistoryAsync();
        Assert.Equal(["20240101000000_a", "20240102000000_b"], rows.Select(r => r.MigrationName).ToArray());
        PrismaHistory.AssertFinished(rows);
        Assert.True(await TableExistsAsync("B"));
    }

    [Fact]
    public async Task Timestamps_are_stored_as_integer_epoch_milliseconds_as_Prismas_engine_binds_them()
    {
        AddHealthyHistory();
        var now = new DateTimeOffset(2026, 11, 27, 23, 0, 10, 734, TimeSpan.Zero);

        var result = await new SqliteMigrationRunner(new FixedTime(now)).RunAsync(Database, Load(), "demo", _temp.Path, CancellationToken.None);

        Assert.True(result.Successful);
        Assert.Equal("integerinteger", await ScalarAsync("SELECT group_concat(DISTINCT typeof(started_at) || typeof(finished_at)) FROM _prisma_migrations"));
        Assert.Equal(now.ToUnixTimeMilliseconds(), await ScalarAsync("SELECT max(started_at) FROM _prisma_migrations"));
        Assert.All(await HistoryAsync(), r => Assert.Equal(now, r.StartedAt));
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
    public async Task A_failing_migration_is_recorded_as_Prisma_records_it_and_the_database_is_restored()
    {
        PrismaHistory.AddFailing(MigrationsDir);

        var result = await RunAsync();

        Assert.False(result.Successful);
        Assert.Equal(["20240101000000_a"], result.Applied);
        Assert.Equal("20240105000000_fail", result.Failed);
        Assert.Contains("table \"A\" already exists", result.Error, StringComparison.Ordinal);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("SDB201", finding.Code);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("migrations/20240105000000_fail/migration.sql", finding.File);
        Assert.Equal(6, finding.Line);
        Assert.Equal(1, finding.Column);
        Assert.Contains("restored to its state before 20240105000000_fail", finding.Message, StringComparison.Ordinal);
        Assert.Contains("prisma migrate resolve --rolled-back 20240105000000_fail", finding.Message, StringComparison.Ordinal);
        Assert.Contains("20240105000000_fail is recorded as failed", result.DatabaseState, StringComparison.Ordinal);

        // Prisma would leave "E" and its row behind; the restore removes them.
        Assert.False(await TableExistsAsync("E"));
        Assert.False(await TableExistsAsync("F"));
        Assert.False(await TableExistsAsync("G"));
        Assert.True(await TableExistsAsync("A"));

        var rows = await HistoryAsync();
        Assert.Equal(2, rows.Count);
        PrismaHistory.AssertFailedRow(rows, Load(), "table \"A\" already exists");
    }

    [Fact]
    public async Task A_recorded_failure_blocks_later_runs_until_it_is_rolled_back_and_then_a_new_row_is_written()
    {
        PrismaHistory.AddFailing(MigrationsDir);
        await RunAsync();

        var blocked = await RunAsync();

        PrismaHistory.AssertBlocked(blocked);
        Assert.False(await TableExistsAsync("G"));

        // What `prisma migrate resolve --rolled-back` does, then the script is fixed.
        await using (var connection = new SqliteConnection(SqliteMigrationRunner.ConnectionString(Database)))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE _prisma_migrations SET rolled_back_at = 1795820267049 WHERE finished_at IS NULL";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        PrismaHistory.FixFailing(MigrationsDir);

        var resolved = await RunAsync();

        PrismaHistory.AssertResolved(resolved, await HistoryAsync());
        Assert.True(await TableExistsAsync("E"));
        Assert.True(await TableExistsAsync("G"));
    }

    [Fact]
    public async Task A_failure_inside_the_scripts_own_transaction_is_restored_too()
    {
        AddMigration("01_init", "CREATE TABLE a (id INTEGER);\n");
        AddMigration("02_redefine",
            "PRAGMA foreign_keys=OFF;\nBEGIN;\nCREATE TABLE b (id INTEGER);\nINSERT INTO missing VALUES (1);\nCOMMIT;\nPRAGMA foreign_keys=ON;\n");

        var result = await RunAsync();

        Assert.Equal("02_redefine", result.Failed);
        Assert.Equal(4, Assert.Single(result.Findings).Line);
        Assert.False(await TableExistsAsync("b"));
        Assert.True(await TableExistsAsync("a"));
        Assert.Single(await HistoryAsync(), r => r.IsFailed);
    }

    [Fact]
    public async Task A_database_with_tables_but_no_history_is_refused_like_P3005()
    {
        await using (var connection = new SqliteConnection(SqliteMigrationRunner.ConnectionString(Database)))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE legacy (id INTEGER)";
            await command.ExecuteNonQueryAsync();
        }
        AddHealthyHistory();

        var result = await RunAsync();

        Assert.False(result.Successful);
        Assert.Empty(result.Applied);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("SDB203", finding.Code);
        Assert.Contains("legacy", finding.Message, StringComparison.Ordinal);
        Assert.False(await TableExistsAsync("_prisma_migrations"));
        Assert.False(await TableExistsAsync("A"));
    }

    [Fact]
    public async Task An_in_memory_connection_is_migrated_and_restored_the_same_way()
    {
        AddMigration("01_init", "CREATE TABLE a (id INTEGER);\n");
        AddMigration("02_bad", "CREATE TABLE b (id INTEGER);\nCREATE TABLE a (id INTEGER);\n");
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();

        var result = await _runner.RunAsync(connection, Load(), "demo", _temp.Path, CancellationToken.None);

        Assert.Equal("02_bad", result.Failed);
        Assert.Equal(2, Assert.Single(result.Findings).Line);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)";
        Assert.Equal("_prisma_migrations,a", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task No_backup_file_is_left_beside_the_database()
    {
        AddMigration("01_init", "CREATE TABLE a (id INTEGER);\n");
        AddMigration("02_bad", "CREATE TABLE a (id INTEGER);\n");

        await RunAsync();

        Assert.Equal(["plugin.db"], Directory.GetFiles(_temp.Path).Select(f => Path.GetFileName(f)).ToArray());
    }

    [ToolFact("sqlite3")]
    public async Task The_sqlite3_shell_reads_a_database_we_migrated()
    {
        AddHealthyHistory();
        await RunAsync();

        var (exitCode, output, error) = await Tools.RunAsync("sqlite3", Database,
            "SELECT migration_name || '|' || applied_steps_count FROM _prisma_migrations ORDER BY started_at, migration_name;");

        Assert.True(exitCode == 0, error);
        Assert.Equal("20240101000000_a|1\n20240102000000_b|1\n", output.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [CorpusTheory]
    [MemberData(nameof(Corpus.SqliteProjects), MemberType = typeof(Corpus))]
    public async Task Every_SQLite_history_in_the_corpus_replays_cleanly_with_Prismas_checksums(string project)
    {
        var folder = MigrationFolder.Load(Corpus.MigrationsOf(project), DatabaseProvider.Sqlite, project, _temp.Path);
        Assert.Empty(folder.Findings);
        Assert.NotEmpty(folder.Migrations);

        var result = await _runner.RunAsync(Database, folder.Migrations, project, _temp.Path, CancellationToken.None);

        await PrismaHistory.AssertReplayedAsync(result, folder.Migrations, await HistoryAsync());
        if (Tools.IsOnPath("sqlite3"))
        {
            var (exitCode, output, error) = await Tools.RunAsync("sqlite3", Database, "SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL;");
            Assert.True(exitCode == 0, error);
            Assert.Equal(folder.Migrations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), output.Trim());
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
