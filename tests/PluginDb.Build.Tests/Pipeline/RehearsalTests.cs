namespace PluginDb.Build.Tests.Pipeline;

/// <summary>
/// A pull request's new migrations (<c>--base main</c>) rehearsed on a real PostgreSQL server over a
/// populated copy of the base: what fails only because rows exist, and what each statement does to the
/// base's tables (locks from pg_locks, rewrites from relfilenode), reported on its line; tables the same
/// change creates are exempt; a comment in the migration accepts a finding.
/// </summary>
[Collection(PostgresServerCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class RehearsalTests(PostgresServerFixture server) : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private const string Base = """
        CREATE TABLE "Customer" ("id" SERIAL NOT NULL, "email" TEXT NOT NULL, CONSTRAINT "Customer_pkey" PRIMARY KEY ("id"));
        CREATE UNIQUE INDEX "Customer_email_key" ON "Customer"("email");
        CREATE TABLE "Order" ("id" SERIAL NOT NULL, "customerId" INTEGER NOT NULL, "total" INTEGER NOT NULL, "note" TEXT,
            CONSTRAINT "Order_pkey" PRIMARY KEY ("id"));

        """;

    private async Task<IReadOnlyList<(string Code, string Severity, string File, int Line, string Message)>> RehearseAsync(params (string Name, string Sql)[] added)
    {
        _workspace.PostgresPlugin("shop", "shop", ("20240101000000_init", Base));
        _workspace.CommitAsMain();
        foreach (var (name, sql) in added)
        {
            _workspace.Write($"plugins/shop/migrations/{name}/migration.sql", sql);
        }
        var run = await _workspace.RunAsync("Migrate", "--plugins", "plugins/*", "--base", "main", "--postgres", "url", "--postgres-url", server.AdminConnectionString);
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        return [.. _workspace.Findings()
            .Where(f => f.GetProperty("code").GetString()!.StartsWith("SDB4", StringComparison.Ordinal))
            .Select(f => (f.GetProperty("code").GetString()!, f.GetProperty("severity").GetString()!, f.GetProperty("file").GetString()!,
                f.TryGetProperty("line", out var line) && line.ValueKind == System.Text.Json.JsonValueKind.Number ? line.GetInt32() : 0,
                f.GetProperty("message").GetString()!))];
    }

    private const string Added = "plugins/shop/migrations/20240201000000_change/migration.sql";

    [Fact]
    public async Task Rewrites_index_builds_and_validating_scans_on_the_bases_tables_are_reported_and_new_tables_are_exempt()
    {
        var findings = await RehearseAsync(("20240201000000_change", """
            -- CreateTable
            CREATE TABLE "Item" ("id" SERIAL NOT NULL, "name" TEXT NOT NULL, CONSTRAINT "Item_pkey" PRIMARY KEY ("id"));
            CREATE INDEX "Item_name_idx" ON "Item"("name");
            ALTER TABLE "Item" ALTER COLUMN "name" TYPE VARCHAR(20);
            CREATE INDEX "Order_note_idx" ON "Order"("note");
            ALTER TABLE "Order" ALTER COLUMN "total" TYPE BIGINT;
            ALTER TABLE "Order" ADD CONSTRAINT "Order_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

            """), ("20240301000000_flag", "ALTER TABLE \"Customer\" ADD COLUMN \"vip\" BOOLEAN;\n"));

        Assert.Equal(
            [
                ("SDB403", "warning", Added, 5),
                ("SDB402", "warning", Added, 6),
                ("SDB404", "warning", Added, 7),
            ],
            findings.Where(f => f.File == Added).Select(f => (f.Code, f.Severity, f.File, f.Line)));
        Assert.Contains("ACCESS EXCLUSIVE on \"Order\" while the table is rewritten", findings[1].Message, StringComparison.Ordinal);
        var brief = Assert.Single(findings, f => f.Code == "SDB405");
        Assert.Equal(("notice", "plugins/shop/migrations/20240301000000_flag/migration.sql", 1), (brief.Severity, brief.File, brief.Line));
        Assert.Contains("SHARE on \"Order\"", findings[0].Message, StringComparison.Ordinal);
        // The rewrite before it in the same migration already holds ACCESS EXCLUSIVE: the scan runs under it.
        Assert.Contains("ACCESS EXCLUSIVE on \"Order\" while every row is checked", findings[2].Message, StringComparison.Ordinal);
        var summary = File.ReadAllText(Path.Combine(_workspace.Out, "summary.md"));
        Assert.Contains("### shop: 20240201000000\\_change over rows", summary, StringComparison.Ordinal);
        Assert.Contains("| 6 | `ALTER TABLE \"Order\" ALTER COLUMN \"total\" TYPE BIGINT;` | ACCESS EXCLUSIVE on Order | Order, ", summary, StringComparison.Ordinal);
        Assert.Contains("| 5 | `CREATE INDEX \"Order_note_idx\" ON \"Order\"(\"note\");` | SHARE on Order | — | SDB403 |", summary, StringComparison.Ordinal);
        Assert.Contains("| 2 | `CREATE TABLE \"Item\"", summary, StringComparison.Ordinal);
        // Two new migrations: each committed in the rehearsal, so the schema is emptied; the history's
        // replay then starts from the script of the base the rehearsal read, and applies the two.
        var migrated = _workspace.Audit().Single(a => a.GetProperty("event").GetString() == "migrated");
        Assert.Contains("2 applied, 1 already applied", migrated.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_required_column_without_a_default_fails_on_any_rows_and_is_an_error_on_its_line()
    {
        var findings = await RehearseAsync(("20240201000000_change", """
            /*
              Warnings:

              - Added the required column `code` to the `Order` table without a default value. This is not possible if the table is not empty.

            */
            -- AlterTable
            ALTER TABLE "Order" ADD COLUMN "code" TEXT NOT NULL;

            """));

        var fails = Assert.Single(findings, f => f.Code == "SDB401");
        Assert.Equal(("error", Added, 8), (fails.Severity, fails.File, fails.Line));
        Assert.Contains("Add it with a DEFAULT, or nullable, backfill it, then SET NOT NULL", fails.Message, StringComparison.Ordinal);
        var warned = Assert.Single(findings, f => f.Code == "SDB406");
        Assert.Equal(4, warned.Line);
    }

    [Fact]
    public async Task A_unique_index_over_repeated_values_fails_on_some_data_and_is_a_warning()
    {
        var findings = await RehearseAsync(("20240201000000_change", "CREATE UNIQUE INDEX \"Order_total_key\" ON \"Order\"(\"total\");\n"));

        var fails = Assert.Single(findings);
        Assert.Equal(("SDB401", "warning", 1), (fails.Code, fails.Severity, fails.Line));
        Assert.Contains("23505", fails.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_index_built_concurrently_is_no_finding_and_is_said_to_be_unobserved()
    {
        // The server refuses CONCURRENTLY inside a transaction block (25001): the rehearsal says so and
        // reports no lock it did not see; the real replay runs it as Prisma would, alone in its Query.
        var findings = await RehearseAsync(("20240201000000_change", "CREATE INDEX CONCURRENTLY \"Order_note_idx\" ON \"Order\"(\"note\");\n"));

        var gap = Assert.Single(findings);
        Assert.Equal("SDB407", gap.Code);
        Assert.Contains("cannot run inside a transaction block", gap.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_workspace.Findings(), f => f.GetProperty("severity").GetString() == "error");
    }

    [Fact]
    public async Task A_statement_that_fails_on_an_empty_table_too_is_the_replays_failure_not_the_rows()
    {
        var findings = await RehearseAsync(("20240201000000_change",
            "INSERT INTO \"Order\" (\"id\", \"customerId\", \"total\") VALUES (100, 1, 1), (100, 1, 1);\n"));

        Assert.DoesNotContain(findings, f => f.Code == "SDB401");
        Assert.Single(_workspace.Findings(), f => f.GetProperty("code").GetString() == "SDB201");
    }

    [Fact]
    public async Task A_comment_in_the_migration_accepts_a_finding_and_says_why()
    {
        var findings = await RehearseAsync(("20240201000000_change", """
            -- plugindb:ignore SDB403 the table holds a few hundred rows
            CREATE INDEX "Order_note_idx" ON "Order"("note");

            """));

        var accepted = Assert.Single(findings);
        Assert.Equal(("SDB400", "notice", 2), (accepted.Code, accepted.Severity, accepted.Line));
        Assert.Contains("SDB403 accepted here: the table holds a few hundred rows", accepted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_table_of_a_varied_schema_gets_its_rows()
    {
        // Prisma's usual types, an enum, lists, a self-reference and a composite unique: any table the
        // rows could not go into would be an SDB407 notice.
        _workspace.PostgresPlugin("varied", "varied", ("20240101000000_init", """
            CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
            CREATE TABLE "Account" ("id" TEXT NOT NULL, "role" "Role" NOT NULL DEFAULT 'USER', "tags" TEXT[], "scores" INTEGER[] NOT NULL,
                "data" JSONB NOT NULL, "uid" UUID NOT NULL, "at" TIMESTAMP(3) NOT NULL, "day" DATE, "price" DECIMAL(65,30) NOT NULL,
                "ratio" DOUBLE PRECISION NOT NULL, "big" BIGINT NOT NULL, "flag" BOOLEAN NOT NULL, "blob" BYTEA, "name" VARCHAR(3) NOT NULL,
                "parentId" TEXT NOT NULL, CONSTRAINT "Account_pkey" PRIMARY KEY ("id"));
            CREATE UNIQUE INDEX "Account_uid_key" ON "Account"("uid");
            CREATE UNIQUE INDEX "Account_name_day_key" ON "Account"("name", "day");
            ALTER TABLE "Account" ADD CONSTRAINT "Account_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
            CREATE TABLE "Post" ("id" SERIAL NOT NULL, "accountId" TEXT, "n" INTEGER GENERATED ALWAYS AS IDENTITY, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));
            ALTER TABLE "Post" ADD CONSTRAINT "Post_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

            """));
        _workspace.CommitAsMain();
        _workspace.Write("plugins/varied/migrations/20240201000000_change/migration.sql", "ALTER TABLE \"Post\" ADD COLUMN \"title\" TEXT NOT NULL;\n");

        var run = await _workspace.RunAsync("Migrate", "--plugins", "plugins/*", "--base", "main", "--postgres", "url", "--postgres-url", server.AdminConnectionString);

        var codes = _workspace.Findings().Select(f => f.GetProperty("code").GetString() + ": " + f.GetProperty("message").GetString()).ToList();
        Assert.DoesNotContain(codes, c => c.StartsWith("SDB407", StringComparison.Ordinal));
        Assert.Contains(codes, c => c.StartsWith("SDB401", StringComparison.Ordinal));
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task A_table_whose_check_refuses_the_rows_is_said_to_be_rehearsed_empty()
    {
        _workspace.PostgresPlugin("checked", "checked", ("20240101000000_init",
            "CREATE TABLE \"Limit\" (\"id\" INTEGER NOT NULL, \"amount\" INTEGER NOT NULL CHECK (\"amount\" > 100), CONSTRAINT \"Limit_pkey\" PRIMARY KEY (\"id\"));\n"));
        _workspace.CommitAsMain();
        _workspace.Write("plugins/checked/migrations/20240201000000_change/migration.sql", "ALTER TABLE \"Limit\" ADD COLUMN \"note\" TEXT;\n");

        await _workspace.RunAsync("Migrate", "--plugins", "plugins/*", "--base", "main", "--postgres", "url", "--postgres-url", server.AdminConnectionString);

        var gap = Assert.Single(_workspace.Findings(), f => f.GetProperty("code").GetString() == "SDB407");
        Assert.Contains("\"Limit\" could not be given rows", gap.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_a_check_refuses_are_given_values_the_server_finds_to_satisfy_it()
    {
        // Row 1 as first written (scope ORG with a token) breaks the check; the server picks other
        // candidates for the columns it names, so the table has rows and SET NOT NULL meets a NULL.
        _workspace.PostgresPlugin("grants", "grants", ("20240101000000_init", """
            CREATE TYPE "Scope" AS ENUM ('ORG', 'RESOURCE');
            CREATE TABLE "Grant" ("id" INTEGER NOT NULL, "scope" "Scope" NOT NULL, "token" TEXT,
                CONSTRAINT "Grant_pkey" PRIMARY KEY ("id"),
                CONSTRAINT "Grant_terms" CHECK (("scope" = 'RESOURCE' AND "token" IS NOT NULL) OR ("scope" <> 'RESOURCE' AND "token" IS NULL)));

            """));
        _workspace.CommitAsMain();
        _workspace.Write("plugins/grants/migrations/20240201000000_change/migration.sql", "ALTER TABLE \"Grant\" ALTER COLUMN \"token\" SET NOT NULL;\n");

        await _workspace.RunAsync("Migrate", "--plugins", "plugins/*", "--base", "main", "--postgres", "url", "--postgres-url", server.AdminConnectionString);

        Assert.DoesNotContain(_workspace.Findings(), f => f.GetProperty("code").GetString() == "SDB407");
        var failed = Assert.Single(_workspace.Findings(), f => f.GetProperty("code").GetString() == "SDB401");
        Assert.Equal(1, failed.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task A_migration_with_its_own_BEGIN_and_COMMIT_and_a_failing_statement_is_rehearsed_to_its_end()
    {
        // Prisma wraps an enum's change in BEGIN … COMMIT; the statement that fails on rows is undone
        // alone and the ones after it are still observed.
        var findings = await RehearseAsync(("20240201000000_change", """
            BEGIN;
            ALTER TABLE "Order" ADD COLUMN "code" TEXT NOT NULL;
            COMMIT;
            CREATE INDEX "Order_note_idx" ON "Order"("note");

            """));

        Assert.Equal([("SDB401", 2), ("SDB403", 4)], findings.Select(f => (f.Code, f.Line)));
    }

    [Fact]
    public async Task A_merged_history_that_fails_is_reported_as_without_a_base_and_its_new_migrations_as_not_rehearsed()
    {
        // The merged part's failure is the replay's: one SDB201, not a second replay that meets the
        // failed row the first one recorded (SDB202).
        _workspace.PostgresPlugin("broken", "broken", ("20240101000000_init", "CREATE TABLE \"A\" (\"id\" INTEGER);\nSELECT 1/0;\n"));
        _workspace.CommitAsMain();
        _workspace.Write("plugins/broken/migrations/20240201000000_change/migration.sql", "ALTER TABLE \"A\" ADD COLUMN \"b\" TEXT;\n");

        var run = await _workspace.RunAsync("Migrate", "--plugins", "plugins/*", "--base", "main", "--postgres", "url", "--postgres-url", server.AdminConnectionString);

        var codes = _workspace.Findings().Select(f => f.GetProperty("code").GetString()).ToList();
        Assert.Equal(1, run.ExitCode);
        Assert.Single(codes, c => c == "SDB201");
        Assert.DoesNotContain("SDB202", codes);
        var gap = Assert.Single(_workspace.Findings(), f => f.GetProperty("code").GetString() == "SDB407");
        Assert.Contains("were not rehearsed", gap.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_rehearsal_the_history_is_replayed_for_real_and_drift_is_checked_as_without_a_base()
    {
        await RehearseAsync(("20240201000000_change", "ALTER TABLE \"Order\" ADD COLUMN \"shipped\" BOOLEAN;\n"));

        var migrated = _workspace.Audit().Single(a => a.GetProperty("event").GetString() == "migrated");
        // One new migration: it is rehearsed inside the one replay of the history, paused before it, and
        // the rehearsal's rollback leaves the replay to apply it to the base as it was.
        Assert.Contains("2 applied, 0 already applied", migrated.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_workspace.Findings(), f => f.GetProperty("severity").GetString() == "error");
    }

    [Fact]
    public async Task The_rehearsal_leaves_no_row_behind_and_the_replay_applies_the_new_migration_once()
    {
        _workspace.PostgresPlugin("shop", "shop", ("20240101000000_init", Base));
        _workspace.CommitAsMain();
        _workspace.Write(Added, "ALTER TABLE \"Order\" ADD COLUMN \"shipped\" BOOLEAN;\n");
        var before = await server.RunObjectsAsync();

        var run = await _workspace.RunAsync("Migrate", "--plugins", "plugins/*", "--base", "main", "--keep", "--postgres", "url", "--postgres-url", server.AdminConnectionString);

        var kept = (await server.RunObjectsAsync()).Except(before).ToList();
        try
        {
            Assert.Equal(0, run.ExitCode);
            var database = Assert.Single(kept, k => k.StartsWith("database ", StringComparison.Ordinal))[9..];
            await using var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = database, Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                """
                SELECT (SELECT count(*) FROM shop."Order") + (SELECT count(*) FROM shop."Customer"),
                       (SELECT count(*) FROM shop._prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL),
                       (SELECT count(*) FROM shop._prisma_migrations),
                       (SELECT count(*) FROM information_schema.columns WHERE table_schema = 'shop' AND table_name = 'Order' AND column_name = 'shipped')
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            // The rehearsal's rows went with its rollback; the migration is applied once, by the replay.
            Assert.Equal((0L, 2L, 2L, 1L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }
        finally
        {
            await server.DropAsync(kept);
        }
    }

    [Fact]
    public async Task The_next_check_on_the_same_base_restores_it_from_the_cache_and_sees_the_same()
    {
        // Rows in the base (a migration that inserts them), a serial's position, an enum: what the state must carry.
        _workspace.PostgresPlugin("shop", "shop", ("20240101000000_init", Base + """
            CREATE TYPE "Kind" AS ENUM ('A', 'B');
            ALTER TABLE "Customer" ADD COLUMN "kind" "Kind" NOT NULL DEFAULT 'A';
            INSERT INTO "Customer" ("email") VALUES ('seed@example.com');
            """));
        _workspace.CommitAsMain();
        _workspace.Write(Added, "ALTER TABLE \"Order\" ADD COLUMN \"nick\" TEXT NOT NULL;\nCREATE INDEX \"Order_total_idx\" ON \"Order\"(\"total\");\n");
        var cache = _workspace.PathOf("cache");
        string[] arguments = ["Migrate", "--plugins", "plugins/*", "--base", "main", "--cache-dir", cache, "--postgres", "url", "--postgres-url", server.AdminConnectionString];

        var cold = await _workspace.RunAsync(arguments);
        var coldFindings = Summary(_workspace.Findings());
        var warm = await _workspace.RunAsync(arguments);
        var warmFindings = Summary(_workspace.Findings());

        Assert.DoesNotContain("restored from the history cache", cold.Stderr, StringComparison.Ordinal);
        Assert.Contains("the base's 1 migrations restored from the history cache", warm.Stderr, StringComparison.Ordinal);
        Assert.Equal(coldFindings, warmFindings);
        Assert.Contains(("SDB401", "error", 1), warmFindings);
        Assert.Contains(("SDB403", "warning", 2), warmFindings);
        Assert.Equal(cold.ExitCode, warm.ExitCode);
        var migrated = _workspace.Audit().Single(a => a.GetProperty("event").GetString() is "migrated" or "failed");
        Assert.Contains("1 applied, 1 already applied", migrated.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A state file that is not whole is not trusted: the base is replayed again, with the same findings.
        var state = Directory.GetFiles(cache, "*.state.sql", SearchOption.AllDirectories).Single();
        File.AppendAllText(state, "DROP TABLE \"Order\";\n");
        var tampered = await _workspace.RunAsync(arguments);
        Assert.DoesNotContain("restored from the history cache", tampered.Stderr, StringComparison.Ordinal);
        Assert.Equal(coldFindings, Summary(_workspace.Findings()));
    }

    [Fact]
    public async Task With_several_new_migrations_the_kept_base_is_restored_for_the_rehearsal_and_for_the_replay()
    {
        _workspace.PostgresPlugin("shop", "shop", ("20240101000000_init", Base));
        _workspace.CommitAsMain();
        _workspace.Write(Added, "ALTER TABLE \"Order\" ADD COLUMN \"nick\" TEXT NOT NULL;\n");
        _workspace.Write("plugins/shop/migrations/20240301000000_index/migration.sql", "CREATE INDEX \"Order_total_idx\" ON \"Order\"(\"total\");\n");
        var cache = _workspace.PathOf("cache");
        string[] arguments = ["Migrate", "--plugins", "plugins/*", "--base", "main", "--cache-dir", cache, "--postgres", "url", "--postgres-url", server.AdminConnectionString];

        var cold = await _workspace.RunAsync(arguments);
        var coldFindings = Summary(_workspace.Findings());
        var coldAudit = _workspace.Audit().Single(a => a.GetProperty("event").GetString() is "migrated" or "failed").GetProperty("detail").GetString();
        var warm = await _workspace.RunAsync(arguments);

        Assert.Contains("the base's 1 migrations restored from the history cache", warm.Stderr, StringComparison.Ordinal);
        Assert.Equal(coldFindings, Summary(_workspace.Findings()));
        Assert.Contains(("SDB401", "error", 1), coldFindings);
        Assert.Contains(("SDB403", "warning", 1), coldFindings);
        // Both runs replay the history from the base's script (the cold one from the script it just read).
        Assert.Contains("2 applied, 1 already applied", coldAudit, StringComparison.Ordinal);
        Assert.Contains("2 applied, 1 already applied",
            _workspace.Audit().Single(a => a.GetProperty("event").GetString() is "migrated" or "failed").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static List<(string Code, string Severity, int Line)> Summary(IReadOnlyList<System.Text.Json.JsonElement> findings) =>
        [.. findings.Select(f => (f.GetProperty("code").GetString()!, f.GetProperty("severity").GetString()!,
            f.TryGetProperty("line", out var line) && line.ValueKind == System.Text.Json.JsonValueKind.Number ? line.GetInt32() : 0))];
}
