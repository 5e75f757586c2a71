using Npgsql;

namespace PluginDb.Build.Tests.Pipeline;

/// <summary>
/// What real histories need of the platform, on a real server: extensions a manifest asks for,
/// temporary tables, and histories that reach outside the plugin's schema, told before they run.
/// </summary>
[Collection(PostgresServerCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresPlatformTests(PostgresServerFixture server) : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private Task<Engine.BuildRun> RunAsync(params string[] args) =>
        _workspace.RunAsync(["--postgres", "url", "--postgres-url", server.AdminConnectionString, "--plugins", "plugins/*", .. args]);

    private void Plugin(string id, string[] extensions, params (string Name, string Sql)[] migrations)
    {
        _workspace.Write($"plugins/{id}/plugin.json", $$"""
            {
              "id": "{{id}}",
              "version": "1.0.0",
              "sovereign": {
                "schemaVersion": 2,
                "database": {
                  "mode": "exclusive-postgres",
                  "provider": "postgresql",
                  "schema": "{{id}}",
                  "extensions": [{{string.Join(", ", extensions.Select(e => $"\"{e}\""))}}],
                  "migrations": { "directory": "migrations" }
                }
              }
            }
            """);
        _workspace.Migrations($"plugins/{id}/migrations", "postgresql", migrations);
    }

    private static string Codes(IEnumerable<System.Text.Json.JsonElement> findings) =>
        string.Join(", ", findings.Select(f => f.GetProperty("code").GetString()));

    [Fact]
    public async Task Extensions_a_manifest_asks_for_are_installed_first_in_schemas_only_that_plugin_may_use()
    {
        Plugin("alpha", ["pg_trgm", "uuid-ossp"], ("20240101000000_init", """
            CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
            CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
            CREATE TABLE "Note" ("id" UUID NOT NULL DEFAULT uuid_generate_v4(), "title" TEXT NOT NULL, CONSTRAINT "Note_pkey" PRIMARY KEY ("id"));
            CREATE INDEX "Note_title_idx" ON "Note" USING GIN ("title" gin_trgm_ops);
            CREATE TEMPORARY TABLE "import" AS SELECT 'x'::text AS title;
            INSERT INTO "Note" ("title") SELECT title FROM "import";
            DROP TABLE "import";
            """));
        Plugin("beta", [], ("20240101000000_init", "CREATE TABLE \"Tag\" (\"id\" INTEGER NOT NULL);\n"));

        var run = await RunAsync("--keep");
        var objects = await server.RunObjectsAsync();
        try
        {
            Assert.True(run.ExitCode == 0, run.Stderr + Codes(_workspace.Findings()));
            Assert.Empty(_workspace.Findings());
            Assert.Contains(_workspace.AuditDetails("alpha"), d => d.Contains("extension schemas ext_pg_trgm, ext_uuid_ossp", StringComparison.Ordinal));
            var database = objects.Single(o => o.StartsWith("database ", StringComparison.Ordinal))[9..];
            var roles = objects.Where(o => o.StartsWith("role ", StringComparison.Ordinal)).Select(o => o[5..]).ToList();
            var builder = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = database };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT r.rolname, s.nspname, has_schema_privilege(r.rolname, s.nspname, 'USAGE'), has_schema_privilege(r.rolname, s.nspname, 'CREATE')
                FROM pg_roles r CROSS JOIN pg_namespace s
                WHERE r.rolname = ANY($1) AND s.nspname IN ('ext_pg_trgm', 'ext_uuid_ossp') ORDER BY 1, 2
                """, connection) { Parameters = { new() { Value = roles.ToArray() } } };
            var rows = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add($"{reader.GetString(0).Split('_')[1]} {reader.GetString(1)} usage={reader.GetBoolean(2)} create={reader.GetBoolean(3)}");
                }
            }
            Assert.Equal(
                [
                    "alpha ext_pg_trgm usage=True create=False", "alpha ext_uuid_ossp usage=True create=False",
                    "beta ext_pg_trgm usage=False create=False", "beta ext_uuid_ossp usage=False create=False",
                ],
                rows);
        }
        finally
        {
            await server.DropAsync(objects);
        }
    }

    [Fact]
    public async Task A_history_naming_public_or_making_its_own_schema_gets_one_finding_before_any_statement_runs()
    {
        Plugin("alpha", [], ("20240101000000_init", """
            CREATE SCHEMA IF NOT EXISTS "public";
            CREATE TABLE "public"."User" ("id" SERIAL NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));
            CREATE EXTENSION IF NOT EXISTS "pgcrypto";
            """));

        var run = await RunAsync();

        Assert.Equal(1, run.ExitCode);
        var findings = _workspace.Findings();
        Assert.Equal("SDB510, SDB511", Codes(findings));
        Assert.All(findings, f => Assert.Equal("plugins/alpha/migrations/20240101000000_init/migration.sql", f.GetProperty("file").GetString()));
        Assert.Equal([1, 3], findings.Select(f => f.GetProperty("line").GetInt32()));
        var alpha = _workspace.Report().GetProperty("plugins")[0].GetProperty("migrations");
        Assert.Equal((0, 0), (alpha.GetProperty("applied").GetInt32(), alpha.GetProperty("failed").GetInt32()));
        Assert.Empty(await server.RunObjectsAsync());
    }

    [Fact]
    public async Task An_extension_the_server_does_not_offer_or_the_platform_does_not_allow_refuses_the_plugin()
    {
        Plugin("alpha", ["no_such_extension"], ("20240101000000_init", "CREATE TABLE \"A\" (\"id\" INTEGER);\n"));
        Plugin("beta", ["file_fdw"], ("20240101000000_init", "CREATE TABLE \"B\" (\"id\" INTEGER);\n"));

        var refused = await RunAsync();
        var refusedFindings = _workspace.Findings();
        var allowed = await RunAsync("--allow-extensions", "file_fdw");

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("SDB512, SDB512", Codes(refusedFindings));
        Assert.Contains("does not offer extension \"no_such_extension\"", refusedFindings[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("does not allow extension \"file_fdw\"", refusedFindings[1].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("SDB512", Codes(_workspace.Findings()));
        Assert.Equal(1, allowed.ExitCode);
        Assert.Empty(await server.RunObjectsAsync());
    }

    // Real histories guard what only production has (pg_cron) with the name Prisma gives its shadow database.
    [Theory]
    [InlineData("url")]
    [InlineData("local")]
    public async Task A_project_replays_into_a_database_named_as_prismas_shadow_database(string source)
    {
        _workspace.Migrations("project/migrations", "postgresql", ("20240101000000_init", """
            CREATE TABLE "Job" ("id" INTEGER NOT NULL);
            DO $$ BEGIN
              IF current_database() NOT LIKE 'prisma_migrate_shadow_db%' THEN
                RAISE EXCEPTION 'only a production database runs this';
              END IF;
            END $$;
            """));
        _workspace.Write("project/schema.prisma", "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel Job {\n  id Int @id\n}\n");
        string[] postgres = source == "url" ? ["--postgres", "url", "--postgres-url", server.AdminConnectionString] : ["--postgres", "local"];

        var run = await _workspace.RunAsync(["Drift", "--project", "project", .. postgres]);

        Assert.True(run.ExitCode == 1, run.Stderr);
        Assert.Equal("SDB144, SDB310", Codes(_workspace.Findings()));
        Assert.Empty(await server.RunObjectsAsync());
    }
}
