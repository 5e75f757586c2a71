using PluginDb.Core.Findings;
using PluginDb.Core.Migrations;
using PluginDb.Core.Rehearsal;

namespace PluginDb.Core.Tests.Rehearsal;

/// <summary>Observations of a rehearsal turned into findings: which tables count, how failures read, and acceptances in the file.</summary>
public sealed class RehearsalFindingsTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "rehearsal-findings");

    private static LocalMigration Migration(string script)
    {
        var folder = Path.Combine(Root, "migrations", "20240201000000_change");
        return new LocalMigration("20240201000000_change", folder, Path.Combine(folder, "migration.sql"), script);
    }

    private static StatementObservation Seen(int line, string statement, string? table = null, string? mode = null, bool rewritten = false, string? sqlState = null) =>
        new("20240201000000_change", line, statement,
            table is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [table] = mode! },
            table is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [table] = mode! },
            rewritten && table is not null ? [table] : [], [], sqlState, sqlState is null ? null : "the server's message");

    private static readonly HashSet<string> BaseTables = ["Order"];

    [Fact]
    public void A_table_the_change_creates_is_exempt()
    {
        var script = "CREATE TABLE \"Item\" (\"id\" INTEGER);\nALTER TABLE \"Item\" ALTER COLUMN \"id\" TYPE BIGINT;\n";

        var findings = RehearsalFindings.Create([Seen(2, "ALTER TABLE \"Item\" ALTER COLUMN \"id\" TYPE BIGINT", "Item", "AccessExclusiveLock", rewritten: true)],
            BaseTables, [Migration(script)], "shop", Root);

        Assert.Empty(findings);
    }

    [Fact]
    public void A_rewrite_of_a_base_table_is_SDB402_in_the_platforms_words()
    {
        var script = "ALTER TABLE \"Order\" ALTER COLUMN \"total\" TYPE BIGINT;\n";

        var finding = Assert.Single(RehearsalFindings.Create([Seen(1, script.TrimEnd(), "Order", "AccessExclusiveLock", rewritten: true)], BaseTables, [Migration(script)], "shop", Root));

        Assert.Equal(FindingCodes.TableRewritten.Code, finding.Code);
        Assert.StartsWith("ACCESS EXCLUSIVE on \"Order\" while the table is rewritten: reads and writes wait for the whole rewrite", finding.Message, StringComparison.Ordinal);
        Assert.Equal(("migrations/20240201000000_change/migration.sql", 1), (finding.File, finding.Line));
    }

    [Theory]
    [InlineData("ALTER TABLE \"Order\" ADD COLUMN \"code\" TEXT NOT NULL", "23502", Severity.Error, "Add it with a DEFAULT")]
    [InlineData("ALTER TABLE \"Order\" ALTER COLUMN \"note\" SET NOT NULL", "23502", Severity.Warning, "Backfill them")]
    [InlineData("CREATE UNIQUE INDEX \"Order_total_key\" ON \"Order\"(\"total\")", "23505", Severity.Warning, "Remove the duplicates")]
    [InlineData("ALTER TABLE \"Order\" ALTER COLUMN \"note\" TYPE INTEGER USING \"note\"::integer", "22P02", Severity.Warning, "USING expression")]
    public void A_statement_that_fails_on_rows_says_which_kind_of_data_and_the_usual_fix(string statement, string sqlState, Severity severity, string advice)
    {
        var finding = Assert.Single(RehearsalFindings.Create([Seen(1, statement, sqlState: sqlState)], BaseTables, [Migration(statement + ";\n")], "shop", Root));

        Assert.Equal((FindingCodes.FailsOnData.Code, severity), (finding.Code, finding.Severity));
        Assert.Contains(advice, finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ALTER TABLE \"Order\" DROP COLUMN \"note\"", "Drops the column \"note\" of \"Order\"")]
    [InlineData("DROP TABLE \"Order\"", "Drops the table \"Order\"")]
    public void Dropping_a_base_tables_data_is_SDB408(string statement, string message)
    {
        var finding = Assert.Single(RehearsalFindings.Create([Seen(1, statement, "Order", "AccessExclusiveLock")], BaseTables, [Migration(statement + ";\n")], "shop", Root));

        Assert.Equal(FindingCodes.DropsData.Code, finding.Code);
        Assert.StartsWith(message, finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ALTER TABLE \"Order\" DROP CONSTRAINT \"Order_fkey\"")]
    [InlineData("ALTER TABLE \"Order\" ALTER COLUMN \"note\" DROP DEFAULT")]
    [InlineData("ALTER TABLE \"Order\" ALTER COLUMN \"note\" DROP NOT NULL")]
    public void Dropping_a_constraint_or_a_default_drops_no_data(string statement)
    {
        var findings = RehearsalFindings.Create([Seen(1, statement, "Order", "AccessExclusiveLock")], BaseTables, [Migration(statement + ";\n")], "shop", Root);

        Assert.DoesNotContain(findings, f => f.Code == FindingCodes.DropsData.Code);
    }

    [Theory]
    [InlineData("ALTER TABLE \"Order\" ADD CONSTRAINT \"Order_pkey\" PRIMARY KEY (\"id\")", true)]
    [InlineData("ALTER TABLE \"Order\" ADD CONSTRAINT \"Order_code_key\" UNIQUE (\"code\")", true)]
    [InlineData("ALTER TABLE \"Order\" ADD CONSTRAINT \"Order_pkey\" PRIMARY KEY USING INDEX \"Order_id_idx\"", false)]
    public void A_key_added_with_an_index_of_its_own_is_a_scan_under_ACCESS_EXCLUSIVE(string statement, bool flagged)
    {
        var findings = RehearsalFindings.Create([Seen(1, statement, "Order", "AccessExclusiveLock")], BaseTables, [Migration(statement + ";\n")], "shop", Root);

        Assert.Equal(flagged, findings.Any(f => f.Code == FindingCodes.ConstraintScanned.Code && f.Message.Contains("is built over every row", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_error_that_rows_do_not_explain_is_left_to_the_replay()
    {
        Assert.Empty(RehearsalFindings.Create([Seen(1, "CREATE TABLE \"Order\" ()", sqlState: "42P07")], BaseTables, [Migration("CREATE TABLE \"Order\" ();\n")], "shop", Root));
    }

    [Fact]
    public void An_acceptance_above_the_statement_or_atop_the_file_turns_the_finding_into_a_notice_with_its_reason()
    {
        var above = "SELECT 1;\n-- plugindb:ignore SDB403 built at night\nCREATE INDEX \"Order_note_idx\" ON \"Order\"(\"note\");\n";
        var atop = "-- plugindb:ignore SDB403\nSELECT 1;\n\nCREATE INDEX \"Order_note_idx\" ON \"Order\"(\"note\");\n";
        var other = "-- plugindb:ignore SDB402 not this one\nCREATE INDEX \"Order_note_idx\" ON \"Order\"(\"note\");\n";
        StatementObservation Index(int line) => Seen(line, "CREATE INDEX \"Order_note_idx\" ON \"Order\"(\"note\")", "Order", "ShareLock");

        var accepted = Assert.Single(RehearsalFindings.Create([Index(3)], BaseTables, [Migration(above)], "shop", Root));
        var acceptedAtop = Assert.Single(RehearsalFindings.Create([Index(4)], BaseTables, [Migration(atop)], "shop", Root));
        var kept = Assert.Single(RehearsalFindings.Create([Index(2)], BaseTables, [Migration(other)], "shop", Root));

        Assert.Equal((FindingCodes.FindingAccepted.Code, Severity.Notice), (accepted.Code, accepted.Severity));
        Assert.StartsWith("SDB403 accepted here: built at night", accepted.Message, StringComparison.Ordinal);
        Assert.StartsWith("SDB403 accepted here: no reason given", acceptedAtop.Message, StringComparison.Ordinal);
        Assert.Equal(FindingCodes.IndexNotConcurrent.Code, kept.Code);
    }

    [Fact]
    public void Prismas_warnings_header_gives_one_finding_per_bullet_on_its_line()
    {
        var script = "/*\n  Warnings:\n\n  - You are about to drop the column `note` on the `Order` table. All the data in the column will be lost.\n  - Added the required column `code` to the `Order` table without a default value.\n\n*/\nALTER TABLE \"Order\" DROP COLUMN \"note\";\n";

        var warnings = RehearsalFindings.PrismaWarningsOf([Migration(script)], "shop", Root);

        Assert.Equal([(4, 3), (5, 3)], warnings.Select(w => (w.Line!.Value, w.Column!.Value)));
        Assert.All(warnings, w => Assert.Equal(FindingCodes.PrismaWarning.Code, w.Code));
        Assert.Contains("You are about to drop the column `note`", warnings[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AccessExclusiveLock", "ACCESS EXCLUSIVE")]
    [InlineData("ShareRowExclusiveLock", "SHARE ROW EXCLUSIVE")]
    [InlineData("ShareLock", "SHARE")]
    public void Lock_modes_read_as_the_documentation_writes_them(string mode, string spoken)
    {
        Assert.Equal(spoken, StatementObservation.Spoken(mode));
    }
}
