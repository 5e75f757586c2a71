using PluginDb.Core.Findings;
using PluginDb.Core.Migrations;

namespace PluginDb.Core.Tests.Migrations;

/// <summary>SDB209–212: a change's migrations against the base's, as databases that applied the base see them.</summary>
public sealed class BaseHistoryCheckTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "base-history");
    private static readonly string Folder = Path.Combine(Root, "plugins", "notes", "migrations");

    private static LocalMigration Head(string name, string script) =>
        new(name, Path.Combine(Folder, name), Path.Combine(Folder, name, "migration.sql"), script);

    private const string Init = "CREATE TABLE \"Note\" (\"id\" INTEGER);\nCREATE INDEX \"Note_id_idx\" ON \"Note\"(\"id\");\n";
    private const string Title = "ALTER TABLE \"Note\" ADD COLUMN \"title\" TEXT;\n";

    private static readonly BaseMigration[] Base =
    [
        new("20240101000000_init", Init),
        new("20240201000000_title", Title),
    ];

    private static IReadOnlyList<Finding> Check(params LocalMigration[] head) =>
        BaseHistoryCheck.Check(head, Base, "origin/main", "notes", Folder, Root);

    [Fact]
    public void A_history_that_only_adds_after_the_base_is_clean_and_its_additions_are_the_new_migrations()
    {
        LocalMigration[] head = [Head("20240101000000_init", Init), Head("20240201000000_title", Title), Head("20240301000000_body", "SELECT 1;\n")];

        Assert.Empty(Check(head));
        Assert.Equal(["20240301000000_body"], BaseHistoryCheck.NewMigrations(head, Base).Select(m => m.Name));
    }

    [Fact]
    public void An_edited_merged_migration_is_SDB209_at_its_first_changed_line_but_new_line_endings_are_not_an_edit()
    {
        var edited = Check(Head("20240101000000_init", Init.Replace("\"Note_id_idx\"", "\"Note_idx\"", StringComparison.Ordinal)), Head("20240201000000_title", Title));
        var crlf = Check(Head("20240101000000_init", Init.Replace("\n", "\r\n", StringComparison.Ordinal)), Head("20240201000000_title", Title));

        var finding = Assert.Single(edited);
        Assert.Equal(FindingCodes.MergedMigrationEdited.Code, finding.Code);
        Assert.Equal("plugins/notes/migrations/20240101000000_init/migration.sql", finding.File);
        Assert.Equal(2, finding.Line);
        Assert.Contains("origin/main", finding.Message, StringComparison.Ordinal);
        Assert.Empty(crlf);
    }

    [Fact]
    public void A_removed_merged_migration_is_SDB210_on_the_folder_and_a_renamed_one_on_its_new_name()
    {
        var removed = Assert.Single(Check(Head("20240101000000_init", Init)));
        var renamed = Check(Head("20240101000000_init", Init), Head("20240301000000_title", Title));

        Assert.Equal(FindingCodes.MergedMigrationRemoved.Code, removed.Code);
        Assert.Equal("plugins/notes/migrations", removed.File);
        Assert.Null(removed.Line);
        var rename = Assert.Single(renamed);
        Assert.Equal(FindingCodes.MergedMigrationRemoved.Code, rename.Code);
        Assert.Equal("plugins/notes/migrations/20240301000000_title/migration.sql", rename.File);
        Assert.Contains("renamed to 20240301000000_title", rename.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_migration_that_sorts_before_the_bases_last_is_SDB211()
    {
        var findings = Check(Head("20240101000000_init", Init), Head("20240115000000_early", "SELECT 1;\n"), Head("20240201000000_title", Title));

        var early = Assert.Single(findings);
        Assert.Equal(FindingCodes.MigrationOutOfOrder.Code, early.Code);
        Assert.Equal(Severity.Warning, early.Severity);
        Assert.Equal("plugins/notes/migrations/20240115000000_early/migration.sql", early.File);
    }

    [Fact]
    public void A_new_migration_sharing_a_timestamp_is_SDB212_and_old_twins_on_the_base_are_not_this_changes_finding()
    {
        var shared = Check(Head("20240101000000_init", Init), Head("20240201000000_title", Title), Head("20240201000000_zeta", "SELECT 1;\n"));
        var onBase = BaseHistoryCheck.Check(
            [Head("20240101000000_a", "SELECT 1;\n"), Head("20240101000000_b", "SELECT 2;\n")],
            [new("20240101000000_a", "SELECT 1;\n"), new("20240101000000_b", "SELECT 2;\n")], "origin/main", "notes", Folder, Root);

        var finding = Assert.Single(shared);
        Assert.Equal(FindingCodes.MigrationTimestampShared.Code, finding.Code);
        Assert.Contains("20240201000000_title", finding.Message, StringComparison.Ordinal);
        Assert.Empty(onBase);
    }

    [Theory]
    [InlineData("20240131120000_add_x", "20240131120000")]
    [InlineData("20240131120000", "20240131120000")]
    [InlineData("0_init", null)]
    [InlineData("init", null)]
    [InlineData("2024013112abc", null)]
    public void The_timestamp_is_the_leading_digits_before_the_name(string name, string? timestamp)
    {
        Assert.Equal(timestamp, BaseHistoryCheck.Timestamp(name));
    }
}
