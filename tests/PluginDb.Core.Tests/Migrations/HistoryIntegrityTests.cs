using PluginDb.Core.Findings;
using PluginDb.Core.Migrations;

namespace PluginDb.Core.Tests.Migrations;

public sealed class HistoryIntegrityTests
{
    private static readonly string Base = Path.Combine(Path.GetTempPath(), "history-integrity");
    private static readonly string Folder = Path.Combine(Base, "migrations");
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly LocalMigration A = Local("20240101000000_a", "CREATE TABLE a (id INTEGER);\nCREATE TABLE a2 (id INTEGER);\n");
    private static readonly LocalMigration B = Local("20240102000000_b", "CREATE TABLE b (id INTEGER);\n");

    private static LocalMigration Local(string name, string script)
    {
        var directory = Path.Combine(Folder, name);
        return new LocalMigration(name, directory, Path.Combine(directory, "migration.sql"), script, MigrationChecksum.Of(script));
    }

    private static AppliedMigration Row(string name, string checksum, bool finished = true, bool rolledBack = false) =>
        new(Guid.NewGuid().ToString(), checksum, finished ? Start.AddSeconds(1) : null, name, null, rolledBack ? Start.AddMinutes(5) : null, Start, finished ? 1 : 0);

    private static IReadOnlyList<Finding> Check(IReadOnlyList<LocalMigration> local, params AppliedMigration[] rows) =>
        HistoryIntegrity.Check(local, rows, "p", Base, Folder);

    [Fact]
    public void A_history_that_matches_the_repository_yields_nothing() =>
        Assert.Empty(Check([A, B], Row(A.Name, A.Checksum), Row(B.Name, B.Checksum)));

    [Fact]
    public void A_migration_not_applied_is_pending_as_a_warning_on_its_script()
    {
        var finding = Assert.Single(Check([A, B], Row(A.Name, A.Checksum)));

        Assert.Equal("SDB205", finding.Code);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("migrations/20240102000000_b/migration.sql", finding.File);
    }

    [Fact]
    public void An_applied_migration_missing_from_the_repository_is_an_error_on_the_folder()
    {
        var finding = Assert.Single(Check([A], Row(A.Name, A.Checksum), Row("20240109000000_hotfix", new string('0', 64))));

        Assert.Equal("SDB206", finding.Code);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("migrations", finding.File);
        Assert.Contains("20240109000000_hotfix", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_changed_after_apply_is_reported_with_both_checksums()
    {
        var edited = A with { Script = A.Script + "CREATE TABLE c (id INTEGER);\n", Checksum = MigrationChecksum.Of(A.Script + "CREATE TABLE c (id INTEGER);\n") };

        var finding = Assert.Single(Check([edited], Row(A.Name, A.Checksum)));

        Assert.Equal("SDB207", finding.Code);
        Assert.Contains(A.Checksum, finding.Message, StringComparison.Ordinal);
        Assert.Contains(edited.Checksum, finding.Message, StringComparison.Ordinal);
        Assert.Equal("migrations/20240101000000_a/migration.sql", finding.File);
    }

    [Fact]
    public void A_script_whose_line_endings_alone_changed_is_not_reported()
    {
        var crlf = A.Script.Replace("\n", "\r\n", StringComparison.Ordinal);

        Assert.Empty(Check([A with { Script = crlf, Checksum = MigrationChecksum.Of(crlf) }], Row(A.Name, A.Checksum)));
    }

    [Fact]
    public void An_unresolved_failed_row_is_sdb202()
    {
        var finding = Assert.Single(Check([A], Row(A.Name, A.Checksum, finished: false)));

        Assert.Equal("SDB202", finding.Code);
        Assert.Equal("migrations/20240101000000_a/migration.sql", finding.File);
    }

    [Fact]
    public void A_failed_row_of_a_migration_the_repository_lacks_sits_on_the_folder()
    {
        var finding = Assert.Single(Check([A], Row(A.Name, A.Checksum), Row("20240109000000_gone", "x", finished: false)));

        Assert.Equal("SDB202", finding.Code);
        Assert.Equal("migrations", finding.File);
    }

    [Fact]
    public void A_rolled_back_row_is_a_notice_and_a_migration_applied_again_is_not_pending()
    {
        var finding = Assert.Single(Check([A], Row(A.Name, A.Checksum, finished: false, rolledBack: true), Row(A.Name, A.Checksum)));

        Assert.Equal("SDB208", finding.Code);
        Assert.Equal(Severity.Notice, finding.Severity);
        Assert.Contains("applied again", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rolled_back_migration_not_applied_again_is_also_pending()
    {
        var codes = Check([A], Row(A.Name, A.Checksum, finished: false, rolledBack: true)).Select(f => f.Code);

        Assert.Equal(["SDB205", "SDB208"], codes);
    }
}
