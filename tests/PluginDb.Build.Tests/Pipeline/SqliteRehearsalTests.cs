namespace PluginDb.Build.Tests.Pipeline;

/// <summary>
/// A SQLite plugin's new migrations (<c>--base main</c>) rehearsed over rows: a table redefinition that
/// does not carry a column over loses its data; a redefinition inside BEGIN … COMMIT, where
/// <c>PRAGMA foreign_keys = OFF</c> does nothing, fires ON DELETE CASCADE and loses the child rows; one
/// that does not turn foreign keys on again leaves the deploy's connection without them.
/// </summary>
public sealed class SqliteRehearsalTests : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private const string Base = """
        CREATE TABLE "Parent" ("id" INTEGER NOT NULL PRIMARY KEY, "title" TEXT, "body" TEXT);
        CREATE TABLE "Child" ("id" INTEGER NOT NULL PRIMARY KEY, "parentId" INTEGER NOT NULL,
            CONSTRAINT "Child_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Parent" ("id") ON DELETE CASCADE ON UPDATE CASCADE);

        """;

    private const string Redefine = """
        PRAGMA defer_foreign_keys=ON;
        PRAGMA foreign_keys=OFF;
        CREATE TABLE "new_Parent" ("id" INTEGER NOT NULL PRIMARY KEY, "title" TEXT);
        INSERT INTO "new_Parent" ("id", "title") SELECT "id", "title" FROM "Parent";
        DROP TABLE "Parent";
        ALTER TABLE "new_Parent" RENAME TO "Parent";
        PRAGMA foreign_keys=ON;
        PRAGMA defer_foreign_keys=OFF;

        """;

    private async Task<List<(string Code, int Line, string Message)>> RehearseAsync(string added)
    {
        _workspace.SqlitePlugin("notes", ("20240101000000_init", Base));
        _workspace.CommitAsMain();
        _workspace.Write("plugins/notes/migrations/20240201000000_change/migration.sql", added);
        var run = await _workspace.RunAsync("Migrate", "--plugins", "plugins/*", "--base", "main");
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        return [.. _workspace.Findings().Where(f => f.GetProperty("code").GetString() is "SDB408" or "SDB409" or "SDB407" or "SDB410")
            .Select(f => (f.GetProperty("code").GetString()!, f.GetProperty("line").GetInt32(), f.GetProperty("message").GetString()!))];
    }

    [Fact]
    public async Task A_redefinition_that_leaves_a_column_behind_drops_its_data_and_keeps_the_children()
    {
        var findings = await RehearseAsync(Redefine);

        var dropped = Assert.Single(findings);
        Assert.Equal(("SDB408", 5), (dropped.Code, dropped.Line));
        Assert.Contains("\"body\" of \"Parent\"", dropped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redefinition_inside_a_transaction_fires_ON_DELETE_CASCADE_and_loses_the_child_rows()
    {
        var findings = await RehearseAsync("BEGIN;\n" + Redefine + "COMMIT;\n");

        var lost = Assert.Single(findings, f => f.Code == "SDB409");
        Assert.Contains("of the 2 rows of \"Child\" are gone", lost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_migration_that_does_not_turn_foreign_keys_on_again_leaves_them_off_for_the_rest_of_the_deploy()
    {
        var findings = await RehearseAsync(Redefine.Replace("PRAGMA foreign_keys=ON;\n", "", StringComparison.Ordinal) + "-- PRAGMA foreign_keys=OFF; (a comment)\n");

        var off = Assert.Single(findings, f => f.Code == "SDB410");
        Assert.Equal(2, off.Line);
        Assert.Contains("PRAGMA foreign_keys=ON", off.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_merged_history_that_fails_leaves_the_new_migrations_unrehearsed_and_says_so()
    {
        _workspace.SqlitePlugin("broken", ("20240101000000_init", "CREATE TABLE \"A\" (\"id\" INTEGER);\nCREAT TABLE \"B\" (\"id\" INTEGER);\n"));
        _workspace.CommitAsMain();
        _workspace.Write("plugins/broken/migrations/20240201000000_change/migration.sql", "ALTER TABLE \"A\" ADD COLUMN \"b\" TEXT;\n");

        await _workspace.RunAsync("Migrate", "--plugins", "plugins/*", "--base", "main");

        var gap = Assert.Single(_workspace.Findings(), f => f.GetProperty("code").GetString() == "SDB407");
        Assert.Contains("were not rehearsed", gap.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Single(_workspace.Findings(), f => f.GetProperty("code").GetString() == "SDB201");
    }

    [Fact]
    public async Task A_new_migration_that_fails_on_an_empty_database_too_is_no_rehearsal_finding()
    {
        _workspace.SqlitePlugin("notes", ("20240101000000_init", Base));
        _workspace.CommitAsMain();
        _workspace.Write("plugins/notes/migrations/20240201000000_change/migration.sql", "ALTR TABLE \"Parent\" ADD COLUMN \"x\" TEXT;\n");

        await _workspace.RunAsync("Migrate", "--plugins", "plugins/*", "--base", "main");

        Assert.DoesNotContain(_workspace.Findings(), f => f.GetProperty("code").GetString() == "SDB401");
        Assert.Single(_workspace.Findings(), f => f.GetProperty("code").GetString() == "SDB201");
    }
}
