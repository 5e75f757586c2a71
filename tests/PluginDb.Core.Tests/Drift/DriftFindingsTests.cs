using PluginDb.Core.Drift;
using PluginDb.Core.Migrations;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Tests.Drift;

public sealed class DriftFindingsTests
{
    private static readonly string Base = Path.Combine(Path.GetTempPath(), "drift-findings");

    private static readonly LocalMigration Init = Migration("20240101000000_init",
        "-- CreateTable\nCREATE TABLE \"User\" (\n    \"id\" INTEGER NOT NULL,\n    \"email\" TEXT NOT NULL\n);\n");

    private static readonly LocalMigration Index = Migration("20240102000000_index",
        "-- CreateIndex\nCREATE UNIQUE INDEX \"User_email_key\" ON \"User\"(\"email\");\n");

    private static readonly LocalMigration Enum = Migration("20240103000000_enum",
        "CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN');\n");

    private static LocalMigration Migration(string name, string script)
    {
        var directory = Path.Combine(Base, "migrations", name);
        return new LocalMigration(name, directory, Path.Combine(directory, "migration.sql"), script, MigrationChecksum.Of(script));
    }

    private static SchemaDifference Difference(DifferenceKind kind, SchemaObjectType type, string? table, string path) =>
        new(kind, type, table, path, null, null, null, $"{type} {path} differs");

    [Fact]
    public void A_missing_column_is_placed_on_the_migration_that_creates_it_at_its_line()
    {
        var finding = Assert.Single(DriftFindings.Create(
            [Difference(DifferenceKind.Missing, SchemaObjectType.Column, "User", "User.email")], [Init, Index], "p", "plugin.json", "database x.db", Base));

        // Not on the later index that names User and email: on the CREATE TABLE that made the column.
        Assert.Equal("SDB302", finding.Code);
        Assert.Equal(Findings.Severity.Error, finding.Severity);
        Assert.Equal("migrations/20240101000000_init/migration.sql", finding.File);
        Assert.Equal((4, 5), (finding.Line, finding.Column));
        Assert.Contains("User.email", finding.Message, StringComparison.Ordinal);
        Assert.Contains("`20240101000000_init`", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_migration_naming_both_table_and_object_wins_and_the_line_names_both_when_one_does()
    {
        var mention = DriftFindings.Locate(Difference(DifferenceKind.Changed, SchemaObjectType.Index, "User", "User.User_email_key"), [Init, Index, Enum]);

        Assert.NotNull(mention);
        Assert.Equal("20240102000000_index", mention.Migration.Name);
        Assert.Equal(new Findings.SourcePosition(2, 22), mention.Position);
        Assert.True(mention.NamesObject);
    }

    // An index made with the table's old name and kept through the rename: a later migration that
    // names the new table and the index does not make it, and neither does one that only renames the table.
    [Fact]
    public void An_object_is_placed_on_the_migration_that_created_its_name_not_on_a_later_one_that_names_it()
    {
        var first = Migration("20240101000000_init",
            "CREATE TABLE \"Member\" (\"id\" INTEGER NOT NULL, \"email\" TEXT NOT NULL);\nCREATE UNIQUE INDEX \"Member_email_key\" ON \"Member\"(\"email\");\n");
        var rename = Migration("20240201000000_rename", "ALTER TABLE \"Member\" RENAME TO \"User\";\n");
        var later = Migration("20240301000000_more",
            "-- User_email_key was planned; Member_email_key stays\nCREATE UNIQUE INDEX \"User_email_key\" ON \"User\"(\"email\");\nALTER TABLE \"User\" ADD COLUMN \"name\" TEXT;\n");
        List<LocalMigration> history = [first, rename, later];

        var index = DriftFindings.Locate(Difference(DifferenceKind.Extra, SchemaObjectType.Index, "User", "User.Member_email_key"), history);
        var table = DriftFindings.Locate(Difference(DifferenceKind.Extra, SchemaObjectType.Table, "User", "User"), history);
        var column = DriftFindings.Locate(Difference(DifferenceKind.Missing, SchemaObjectType.Column, "User", "User.name"), history);

        Assert.Equal(("20240101000000_init", 2, 21), (index!.Migration.Name, index.Position.Line, index.Position.Column));
        Assert.Equal(("20240201000000_rename", 1, 32), (table!.Migration.Name, table.Position.Line, table.Position.Column));
        Assert.Equal(("20240301000000_more", 3, 31), (column!.Migration.Name, column.Position.Line, column.Position.Column));
    }

    [Fact]
    public void An_extra_column_on_a_known_table_points_at_the_table_and_an_unknown_table_at_the_manifest()
    {
        var findings = DriftFindings.Create(
            [
                Difference(DifferenceKind.Extra, SchemaObjectType.Column, "User", "User.nickname"),
                Difference(DifferenceKind.Extra, SchemaObjectType.Table, "Audit", "Audit"),
            ],
            [Init], "p", "plugin.json", "database x.db", Base);

        Assert.All(findings, f => Assert.Equal("SDB301", f.Code));
        Assert.Equal("migrations/20240101000000_init/migration.sql", findings[0].File);
        Assert.Equal(2, findings[0].Line);
        Assert.Contains("The table or type it belongs to comes from migration `20240101000000_init`", findings[0].Message, StringComparison.Ordinal);
        Assert.Equal("plugin.json", findings[1].File);
        Assert.Null(findings[1].Line);
        Assert.Contains("No migration mentions it.", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_enum_value_is_found_by_its_enum_and_its_value()
    {
        var finding = Assert.Single(DriftFindings.Create(
            [Difference(DifferenceKind.Missing, SchemaObjectType.EnumValue, null, "Role.ADMIN")], [Init, Enum], null, "plugin.json", "schema s", Base));

        Assert.Equal("migrations/20240103000000_enum/migration.sql", finding.File);
        Assert.Equal(1, finding.Line);
    }

    [Fact]
    public void A_changed_object_keeps_the_diff_message_with_expected_and_actual()
    {
        var difference = new SchemaDifference(DifferenceKind.Changed, SchemaObjectType.Column, "User", "User.email", "type", "TEXT", "INTEGER",
            "column User.email differs: type is TEXT in the migrations but INTEGER in the database");

        var finding = Assert.Single(DriftFindings.Create([difference], [Init], null, "plugin.json", "database x.db", Base));

        Assert.Equal("SDB303", finding.Code);
        Assert.Contains("type is TEXT in the migrations but INTEGER in the database", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_differences_make_no_findings() =>
        Assert.Empty(DriftFindings.Create([], [Init], null, "plugin.json", "database x.db", Base));

    [Fact]
    public void A_name_inside_a_longer_word_is_not_a_mention() =>
        Assert.Null(DriftFindings.Locate(Difference(DifferenceKind.Missing, SchemaObjectType.Table, "Use", "Use"), [Init]));
}
