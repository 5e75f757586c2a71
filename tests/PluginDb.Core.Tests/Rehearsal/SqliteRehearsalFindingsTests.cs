using PluginDb.Core.Findings;
using PluginDb.Core.Migrations;
using PluginDb.Core.Rehearsal;

namespace PluginDb.Core.Tests.Rehearsal;

/// <summary>A SQLite migration judged by the base's tables before and after it.</summary>
public sealed class SqliteRehearsalFindingsTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "sqlite-rehearsal");

    private static readonly LocalMigration Change = new("20240201000000_change", Path.Combine(Root, "m"), Path.Combine(Root, "m", "migration.sql"),
        "PRAGMA foreign_keys=OFF;\nDROP TABLE \"Parent\";\nALTER TABLE \"new_Parent\" RENAME TO \"Parent\";\n");

    private static readonly HashSet<string> BaseTables = ["Parent", "Child", "Empty"];

    [Fact]
    public void Lost_rows_lost_columns_and_dropped_tables_are_each_a_finding_on_the_line_that_names_the_table()
    {
        TableSnapshot[] before = [new("Parent", 2, ["id", "body"]), new("Child", 2, ["id"]), new("Gone", 2, ["id"]), new("Empty", 0, ["id"])];
        TableSnapshot[] after = [new("Parent", 2, ["id"]), new("Child", 0, ["id"])];

        var findings = SqliteRehearsalFindings.Compare(Change, before, after, null, new HashSet<string>(BaseTables) { "Gone" }, "notes", Root);

        Assert.Equal(
            [(FindingCodes.DropsData.Code, 2), (FindingCodes.RowsLost.Code, 1), (FindingCodes.DropsData.Code, 1)],
            findings.Select(f => (f.Code, f.Line!.Value)));
        Assert.Contains("\"body\" of \"Parent\"", findings[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("2 of the 2 rows of \"Child\"", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_migration_that_failed_over_rows_is_SDB401_and_tables_the_change_creates_do_not_count()
    {
        var failed = Assert.Single(SqliteRehearsalFindings.Compare(Change, [], [], "NOT NULL constraint failed: Parent.code", BaseTables, "notes", Root));
        var created = SqliteRehearsalFindings.Compare(Change, [new("New", 2, ["id"])], [], null, BaseTables, "notes", Root);

        Assert.Equal((FindingCodes.FailsOnData.Code, Severity.Warning), (failed.Code, failed.Severity));
        Assert.Empty(created);
    }

    [Theory]
    [InlineData("INTEGER", 2, "2")]
    [InlineData("DECIMAL", 1, "1")]
    [InlineData("BOOLEAN", 2, "0")]
    [InlineData("DATETIME", 1, "1704153600000")]
    [InlineData("TEXT", 2, "'2'")]
    public void Sqlite_values_follow_the_columns_affinity(string type, int n, string literal)
    {
        Assert.Equal(literal, SyntheticRows.SqliteLiteral(type, n));
    }

    [Fact]
    public void Foreign_keys_left_off_are_reported_on_the_last_statement_that_turned_them_off_not_on_a_comment()
    {
        var migration = Change with { Script = "-- PRAGMA foreign_keys=OFF;\nPRAGMA foreign_keys = off;\nCREATE TABLE \"A\" (\"id\" INTEGER);\nPRAGMA main.foreign_keys=0;\n-- PRAGMA foreign_keys=OFF;\n" };

        var off = SqliteRehearsalFindings.ForeignKeysLeftOff(migration, "notes", Root);

        Assert.Equal((FindingCodes.ForeignKeysLeftOff.Code, Severity.Warning, 4), (off.Code, off.Severity, off.Line!.Value));
    }
}
