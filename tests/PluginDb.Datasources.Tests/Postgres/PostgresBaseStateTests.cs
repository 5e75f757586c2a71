using System.Text;
using System.Text.Json;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Schemas;
using PluginDb.Datasources.Postgres;
using PluginDb.Datasources.Schemas;
using PluginDb.Datasources.Tests.Support;

namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>
/// The script that makes a replayed schema again (<see cref="PostgresBaseState"/>): run in another
/// schema, it makes what the replay made there, rows included, so that the script read from the copy is
/// the same script, and the schema model read from both is the same model.
/// </summary>
[Collection(PostgresServerCollection.Name)]
[Trait("Category", PostgresServerCollection.Category)]
public sealed class PostgresBaseStateTests(PostgresServerFixture server) : IAsyncLifetime
{
    private const string Copy = "restored";
    private readonly TempDirectory _temp = new();
    private PostgresProjectDatabase? _database;

    private PostgresProjectDatabase Database => _database ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync() => _database = await PostgresProjectDatabase.CreateAsync(server.AdminConnectionString, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        _temp.Dispose();
    }

    private const string Varied = """
        CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
        CREATE TYPE "Nothing" AS ENUM ();
        CREATE TABLE "User" (
            "id" SERIAL NOT NULL,
            "email" TEXT COLLATE "C" NOT NULL,
            "role" "Role" NOT NULL DEFAULT 'USER',
            "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
            "meta" JSONB,
            "blob" BYTEA,
            "score" DECIMAL(10, 2),
            "ratio" DOUBLE PRECISION,
            "at" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,
            "gone" INTEGER,
            "lower" TEXT GENERATED ALWAYS AS (lower("email")) STORED,
            CONSTRAINT "User_pkey" PRIMARY KEY ("id"),
            CONSTRAINT "User_score_check" CHECK ("score" >= 0)
        );
        ALTER TABLE "User" DROP COLUMN "gone";
        CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
        CREATE INDEX "User_admin_idx" ON "User"(lower("email")) WHERE "role" = 'ADMIN';
        CREATE TABLE "Post" ("id" SERIAL NOT NULL, "authorId" INTEGER NOT NULL, "title" TEXT, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));
        ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
        ALTER TABLE "Post" ADD CONSTRAINT "Post_author_title_key" UNIQUE ("authorId", "title") DEFERRABLE INITIALLY DEFERRED;
        CREATE SEQUENCE "ticket_seq" START 100;
        SELECT nextval('"ticket_seq"');
        INSERT INTO "User" ("email", "role", "tags", "meta", "blob", "score", "ratio", "at") VALUES
            ('a<&>"''@x', 'ADMIN', ARRAY['x', 'y'], '{"k": [1, 2.5, "<&>&amp;"]}', '\x00ff', 1.50, 0.1, '2024-01-02 03:04:05.678'),
            (E'b\r\n\t@x', 'USER', '{}', NULL, NULL, NULL, NULL, NULL);
        INSERT INTO "Post" ("authorId", "title") VALUES (1, 'hello'), (2, NULL);
        CREATE FUNCTION "count_users"() RETURNS BIGINT LANGUAGE sql AS $$ SELECT count(*) FROM "User" $$;
        CREATE FUNCTION "untitled"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW."title" := coalesce(NEW."title", 'untitled'); RETURN NEW; END $$;
        CREATE TRIGGER "Post_untitled" BEFORE INSERT ON "Post" FOR EACH ROW EXECUTE FUNCTION "untitled"();
        CREATE VIEW "Admins" AS SELECT "id", "email" FROM "User" WHERE "role" = 'ADMIN';
        CREATE VIEW "AdminPosts" AS SELECT p."id" FROM "Post" p JOIN "Admins" a ON a."id" = p."authorId";
        CREATE UNLOGGED TABLE "Cache" ("key" TEXT NOT NULL, CONSTRAINT "Cache_pkey" PRIMARY KEY ("key"));
        """;

    private async Task<IReadOnlyList<LocalMigration>> ReplayAsync(string migrationsDirectory, string schema)
    {
        var folder = MigrationFolder.Load(migrationsDirectory, DatabaseProvider.Postgresql, "demo", _temp.Path);
        var result = await new PostgresMigrationRunner().RunAsync(Database.ConnectionString, schema, folder.Migrations, "demo", _temp.Path, CancellationToken.None);
        Assert.True(result.Successful, string.Join("\n", result.Findings.Select(f => f.Message)));
        return folder.Migrations;
    }

    private async Task<string?> DumpAsync(string schema)
    {
        await using var session = await SimpleQueryConnection.OpenAsync(Database.ConnectionString, [("search_path", $"\"{schema}\"")], CancellationToken.None);
        return await PostgresBaseState.DumpAsync(session, schema, CancellationToken.None);
    }

    /// <summary>Runs the script in a new schema, <see cref="Copy"/>, as the runner's Restore would.</summary>
    private async Task RestoreAsync(string script)
    {
        await server.ExecuteAsync($"CREATE SCHEMA \"{Copy}\" AUTHORIZATION \"{Database.OwnerRole}\"", Database.DatabaseName);
        await using var session = await SimpleQueryConnection.OpenAsync(Database.ConnectionString, [("search_path", $"\"{Copy}\"")], CancellationToken.None);
        var outcome = await session.QueryAsync(script, CancellationToken.None);
        Assert.True(outcome.Error is null, outcome.Error?.Message);
    }

    private async Task<string> ModelAsync(string schema)
    {
        // Read as the replay reads it back: with the schema on the search_path.
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(Database.ConnectionString) { SearchPath = $"\"{schema}\"" }.ConnectionString;
        var model = await PostgresIntrospector.ReadAsync(connection, schema, CancellationToken.None);
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            SchemaJson.Write(writer, model);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private async Task AssertRoundTripAsync(string schema, string script)
    {
        await RestoreAsync(script);

        Assert.Equal(script, await DumpAsync(Copy));
        Assert.Equal(await ModelAsync(schema), await ModelAsync(Copy));
    }

    [Fact]
    public async Task A_varied_schema_with_rows_is_made_again_in_another_schema()
    {
        var migrations = _temp.Combine("migrations");
        PrismaHistory.Add(migrations, "20240101000000_varied", Varied);
        await ReplayAsync(migrations, "public");

        var script = await DumpAsync("public");

        Assert.NotNull(script);
        await AssertRoundTripAsync("public", script);
        // The rows as they were, the history's bookkeeping among them, and the routines, triggers and
        // sequences working in the copy as in the original.
        await using var session = await SimpleQueryConnection.OpenAsync(Database.ConnectionString, [("search_path", $"\"{Copy}\"")], CancellationToken.None);
        var read = await session.ReadAsync(
            """
            SELECT email || '|' || coalesce(meta::text, '-') || '|' || coalesce(encode(blob, 'hex'), '-') || '|' || lower FROM "User" ORDER BY id;
            SELECT count_users()::text, (SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL)::text, nextval('"ticket_seq"')::text;
            INSERT INTO "User" ("email") VALUES ('c@x') RETURNING id::text;
            INSERT INTO "Post" ("authorId") VALUES (1) RETURNING title;
            """, CancellationToken.None);
        Assert.Equal(["a<&>\"'@x|{\"k\": [1, 2.5, \"<&>&amp;\"]}|00ff|a<&>\"'@x", "b\r\n\t@x|-|-|b\r\n\t@x"], read[0].Select(r => r[0]));
        Assert.Equal(["2", "1", "101"], read[1][0].Select(v => v!));
        Assert.Equal("3", read[2][0][0]);
        Assert.Equal("untitled", read[3][0][0]);
    }

    [Theory]
    [InlineData("CREATE DOMAIN \"Email\" AS TEXT;")]
    [InlineData("CREATE TABLE \"T\" (\"id\" INTEGER GENERATED ALWAYS AS IDENTITY);")]
    [InlineData("CREATE TABLE \"T\" (\"id\" INTEGER) WITH (fillfactor = 70);")]
    [InlineData("CREATE TABLE \"T\" (\"id\" INTEGER); ALTER TABLE \"T\" ENABLE ROW LEVEL SECURITY;")]
    [InlineData("CREATE MATERIALIZED VIEW \"M\" AS SELECT 1 AS one;")]
    [InlineData("CREATE TABLE \"T\" (\"id\" INTEGER); GRANT SELECT ON \"T\" TO PUBLIC;")]
    public async Task A_schema_holding_what_the_script_does_not_make_gets_no_script(string sql)
    {
        var migrations = _temp.Combine("migrations");
        PrismaHistory.Add(migrations, "20240101000000_init", "CREATE TABLE \"Kept\" (\"id\" INTEGER);\n" + sql);
        await ReplayAsync(migrations, "public");

        Assert.Null(await DumpAsync("public"));
    }

    [CorpusTheory]
    [MemberData(nameof(Corpus.PostgresProjects), MemberType = typeof(Corpus))]
    public async Task A_corpus_history_is_made_again_in_another_schema(string project)
    {
        await ReplayAsync(Corpus.MigrationsOf(project), "public");

        var script = await DumpAsync("public");

        // A history that creates an extension puts the extension's routines into the replayed schema
        // here (public), where the script does not make them, so there is none; a plugin's extensions
        // live in schemas of their own. Every other history is made again.
        await using var session = await SimpleQueryConnection.OpenAsync(Database.ConnectionString, [], CancellationToken.None);
        var extensionHere = await session.ScalarAsync("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extnamespace = 'public'::regnamespace)::text", CancellationToken.None);
        Assert.Equal(extensionHere == "true", script is null);
        if (script is not null)
        {
            await AssertRoundTripAsync("public", script);
        }
    }
}
