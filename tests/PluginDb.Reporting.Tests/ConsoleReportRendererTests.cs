using PluginDb.Core.Findings;

namespace PluginDb.Reporting.Tests;

public sealed class ConsoleReportRendererTests
{
    private static string Render(PluginDb.Core.Reports.RunReport report, bool color)
    {
        using var writer = new StringWriter();
        ConsoleReportRenderer.Render(report, writer, color);
        return writer.ToString();
    }

    [Fact]
    public void Plain_output_is_an_aligned_plugin_table_then_one_line_per_finding_most_severe_first()
    {
        Assert.Equal(
            """
            PLUGIN      MODE                PROVIDER    APPLIED  FAILED  SIZE
            papertrail  exclusive-postgres  postgresql        3       1  1.5 MB / 1024 MB
            notes       shared              —                 0       0  —

            examples/plugins/papertrail/migrations/20250101_init/migration.sql:3:1  error    SDB201  Migration failed — syntax error at or near "CREAT"
            examples/plugins/copy/plugin.json:2:9                                   error    SDB130  Duplicate plugin id — Two plugins declare the id papertrail.
            examples/plugins/papertrail/migrations                                  warning  SDB121  Lock file missing — examples/plugins/papertrail/migrations has no migration_lock.toml.
            (notes)                                                                 notice   SDB601  Datasource unreachable — The shared datasource is not checked in this run.

            2 errors, 1 warning, 1 notice

            """,
            Render(SampleReports.Failing, color: false));
    }

    [Fact]
    public void Colour_wraps_severities_titles_and_header_without_moving_the_columns()
    {
        var report = SampleReports.Failing with { Findings = [SampleReports.LockFileMissing, SampleReports.DuplicateId] };

        Assert.Equal(
            "\u001b[1mPLUGIN      MODE                PROVIDER    APPLIED  FAILED  SIZE\u001b[0m\n" +
            "papertrail  exclusive-postgres  postgresql        3       1  1.5 MB / 1024 MB\n" +
            "notes       shared              —                 0       0  —\n" +
            "\n" +
            "examples/plugins/copy/plugin.json:2:9   \u001b[31merror\u001b[0m    SDB130  \u001b[1mDuplicate plugin id\u001b[0m — Two plugins declare the id papertrail.\n" +
            "examples/plugins/papertrail/migrations  \u001b[33mwarning\u001b[0m  SDB121  \u001b[1mLock file missing\u001b[0m — examples/plugins/papertrail/migrations has no migration_lock.toml.\n" +
            "\n" +
            "\u001b[31m1 error, 1 warning, 0 notices\u001b[0m\n",
            Render(report, color: true));
    }

    [Fact]
    public void A_clean_run_ends_with_a_green_count()
    {
        Assert.Equal("\u001b[32m0 errors, 0 warnings, 0 notices\u001b[0m\n", Render(SampleReports.Empty, color: true));
        Assert.Equal("0 errors, 0 warnings, 0 notices\n", Render(SampleReports.Empty, color: false));
    }

    [Fact]
    public void Text_from_plugins_stays_on_one_line_and_cannot_write_escape_sequences()
    {
        var finding = new Finding("SDB201", Severity.Error, "p", "a.sql", 1, 2, null,
            "Title\u001b[2J", "first\r\nsecond\n::add-mask::x\tend", null);
        var report = SampleReports.Empty with { Findings = [finding] };

        Assert.Equal(
            "a.sql:1:2  error  SDB201  Title?[2J — first ↵ second ↵ ::add-mask::x end\n\n1 error, 0 warnings, 0 notices\n",
            Render(report, color: false));
    }

    [Fact]
    public void Sizes_are_shown_in_binary_units_with_the_limit_when_there_is_one()
    {
        var report = SampleReports.Empty with
        {
            Plugins =
            [
                SampleReports.Notes with { Id = "b", SizeBytes = 512 },
                SampleReports.Notes with { Id = "k", SizeBytes = 12_800 },
                SampleReports.Notes with { Id = "g", SizeBytes = 3L * 1024 * 1024 * 1024, StorageLimitMb = 2048 },
                SampleReports.Notes with { Id = "u", SizeBytes = null, StorageLimitMb = 5 },
            ],
        };

        var sizes = Render(report, color: false).Split('\n').Skip(1).Take(4).Select(l => l[(l.LastIndexOf("  ", StringComparison.Ordinal) + 2)..]);

        Assert.Equal(["512 B", "12.5 KB", "3.0 GB / 2048 MB", "— / 5 MB"], sizes);
    }
}
