using Microsoft.Data.Sqlite;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Schemas;
using PluginDb.Datasources.Schemas;
using PluginDb.Datasources.Sqlite;
using PluginDb.Datasources.Tests.Support;

namespace PluginDb.Datasources.Tests.Schemas;

public sealed class SqliteIntrospectorTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly SqliteMigrationRunner _runner = new();

    public void Dispose() => _temp.Dispose();

    private async Task<string> ReplayAsync(string project, string file)
    {
        var folder = MigrationFolder.Load(Corpus.MigrationsOf(project), DatabaseProvider.Sqlite, project, _temp.Path);
        var path = _temp.Combine(file);
        var result = await _runner.RunAsync(path, folder.Migrations, project, _temp.Path, CancellationToken.None);
        Assert.True(result.Successful, string.Join("\n", result.Findings.Select(f => f.Message)));
        return path;
    }

    private static async Task<DatabaseSchema> ReadAsync(string path)
    {
        await using var connection = new SqliteConnection(SqliteMigrationRunner.ConnectionString(path));
        await connection.OpenAsync();
        return await SqliteIntrospector.ReadAsync(connection, CancellationToken.None);
    }

    private static async Task ExecuteAsync(string path, IEnumerable<string> statements)
    {
        await using var connection = new SqliteConnection(SqliteMigrationRunner.ConnectionString(path));
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Reads_columns_keys_indexes_checks_and_views_as_the_sql_declares_them()
    {
        var path = _temp.Combine("hand.db");
        await ExecuteAsync(path,
        [
            """
            CREATE TABLE "User" (
                "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                "email" TEXT NOT NULL,
                "role" TEXT NOT NULL DEFAULT 'USER',
                "createdAt" DATETIME NOT NULL DEFAULT (CURRENT_TIMESTAMP),
                "age" INT,
                CONSTRAINT "User_age_check" CHECK ("age" >= 0)
            )
            """,
            """
            CREATE TABLE "Post" (
                "authorId" INTEGER NOT NULL,
                "slug" TEXT NOT NULL UNIQUE,
                "title" TEXT CHECK (length("title") > 0),
                CONSTRAINT "Post_pkey" PRIMARY KEY ("authorId", "slug"),
                CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
            )
            """,
            "CREATE UNIQUE INDEX \"User_email_key\" ON \"User\"(\"email\")",
            "CREATE INDEX \"Post_title_idx\" ON \"Post\"(lower(\"title\"), \"slug\" DESC) WHERE \"title\" IS NOT NULL",
            "CREATE VIEW \"Authors\" AS SELECT \"id\" FROM \"User\"",
        ]);

        var schema = await ReadAsync(path);

        var user = schema.FindTable("User")!;
        Assert.Equal(new Column("id", "INTEGER", false, null, ColumnIdentity.Autoincrement), user.FindColumn("id"));
        Assert.Equal(new Column("role", "TEXT", false, "'USER'"), user.FindColumn("role"));
        Assert.Equal(new Column("createdAt", "DATETIME", false, "CURRENT_TIMESTAMP"), user.FindColumn("createdAt"));
        Assert.Equal(new Column("age", "INT", true, null), user.FindColumn("age"));
        Assert.Equal(new PrimaryKey(null, ["id"]), user.PrimaryKey);
        Assert.Equal([new CheckConstraint("User_age_check", "\"age\" >= 0")], user.Checks);
        Assert.Equal([new TableIndex("User_email_key", [IndexKey.Column("email")], true, null, null)], user.Indexes);

        var post = schema.FindTable("Post")!;
        Assert.Equal(new PrimaryKey("Post_pkey", ["authorId", "slug"]), post.PrimaryKey);
        Assert.Equal([new ForeignKey("Post_authorId_fkey", ["authorId"], "User", ["id"], ReferentialAction.Cascade, ReferentialAction.Cascade)], post.ForeignKeys);
        Assert.Equal([new UniqueConstraint("sqlite_autoindex_Post_1", ["slug"])], post.UniqueConstraints);
        Assert.Equal([new CheckConstraint("CHECK (length(\"title\") > 0)", "length(\"title\") > 0")], post.Checks);
        Assert.Equal([new TableIndex("Post_title_idx", [new IndexKey("lower(\"title\")", true), new IndexKey("slug", false, true)], false, "\"title\" IS NOT NULL", null)], post.Indexes);

        Assert.Equal([new View("Authors", "CREATE VIEW \"Authors\" AS SELECT \"id\" FROM \"User\"")], schema.Views);
        Assert.Equal(["Post", "User"], schema.Tables.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [CorpusToolTheory("sqlite3")]
    [MemberData(nameof(Corpus.SqliteProjects), MemberType = typeof(Corpus))]
    public async Task A_replayed_corpus_history_shows_the_tables_columns_indexes_and_constraints_sqlite3_shows(string project)
    {
        var path = await ReplayAsync(project, "replay.db");

        var schema = await ReadAsync(path);
        var (exitCode, dump, error) = await Tools.RunAsync("sqlite3", path, ".schema");

        Assert.True(exitCode == 0, error);
        SchemaOutline.AssertAgree(SchemaOutline.FromSqliteDump(dump), schema, sqlite: true);
    }

    [CorpusTheory]
    [MemberData(nameof(Corpus.SqliteProjects), MemberType = typeof(Corpus))]
    public async Task Two_replays_of_a_corpus_history_do_not_differ_and_each_drift_is_reported_once(string project)
    {
        var expectedPath = await ReplayAsync(project, "expected.db");
        var actualPath = await ReplayAsync(project, "actual.db");
        var expected = await ReadAsync(expectedPath);

        Assert.Empty(SchemaDiff.Compare(expected, await ReadAsync(actualPath)));
        Assert.Equal(expected, await ReadAsync(actualPath));

        var createTableSql = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var connection = new SqliteConnection(SqliteMigrationRunner.ConnectionString(actualPath)))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, sql FROM sqlite_schema WHERE type = 'table'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                createTableSql[reader.GetString(0)] = reader.GetString(1);
            }
        }
        var mutated = 0;
        await DriftMutations.AssertEachReportedOnceAsync(DriftMutations.ForSqlite(expected, createTableSql), 5, async mutation =>
        {
            var path = _temp.Combine($"mutated-{++mutated}.db");
            File.Copy(actualPath, path);
            await ExecuteAsync(path, mutation.Statements);
            return SchemaDiff.Compare(expected, await ReadAsync(path));
        });
    }
}
