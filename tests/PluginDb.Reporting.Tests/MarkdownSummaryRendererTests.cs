using System.Globalization;
using PluginDb.Core.Findings;
using PluginDb.Core.Runs;

namespace PluginDb.Reporting.Tests;

public sealed class MarkdownSummaryRendererTests
{
    private static readonly SummaryOptions Linked = new(ServerUrl: "https://github.com/", Repository: "sovereign/plugins", CommitSha: "0123abc");

    [Fact]
    public void Renders_verdict_plugin_table_and_findings_grouped_by_plugin_with_links()
    {
        Assert.Equal(
            """
            ## ❌ plugindb: 2 errors, 1 warning, 1 notice

            2 plugins checked by plugindb 0.1.0 in 12.5 s; errors fail the run.

            | Plugin | Mode | Provider | Server | Applied | Failed | Size |
            |---|---|---|---|--:|--:|--:|
            | papertrail | exclusive-postgres | postgresql | local | 3 | 1 | 1.5 MB / 1024 MB |
            | notes | shared | — | — | 0 | 0 | — |

            ```mermaid
            xychart-beta
                title "Storage used, % of limits.storageMb"
                x-axis ["papertrail"]
                y-axis "% of limit" 0 --> 100
                bar [0.15]
            ```

            ### Findings

            #### papertrail

            - **error** `SDB201` [Migration failed](https://github.com/sovereign/plugin-db-action/blob/main/README.md#sdb201): syntax error at or near "CREAT" — [examples/plugins/papertrail/migrations/20250101\_init/migration.sql:3](https://github.com/sovereign/plugins/blob/0123abc/examples/plugins/papertrail/migrations/20250101_init/migration.sql#L3)
            - **warning** `SDB121` [Lock file missing](https://github.com/sovereign/plugin-db-action/blob/main/README.md#sdb121): examples/plugins/papertrail/migrations has no migration\_lock.toml. — [examples/plugins/papertrail/migrations](https://github.com/sovereign/plugins/blob/0123abc/examples/plugins/papertrail/migrations)

            #### notes

            - **notice** `SDB601` [Datasource unreachable](https://github.com/sovereign/plugin-db-action/blob/main/README.md#sdb601): The shared datasource is not checked in this run.

            #### Not tied to a plugin

            - **error** `SDB130` [Duplicate plugin id](https://github.com/sovereign/plugin-db-action/blob/main/README.md#sdb130): Two plugins declare the id papertrail. — [examples/plugins/copy/plugin.json:2](https://github.com/sovereign/plugins/blob/0123abc/examples/plugins/copy/plugin.json#L2)

            """,
            MarkdownSummaryRenderer.Render(SampleReports.Failing, Linked));
    }

    [Fact]
    public void Without_a_repository_and_commit_locations_are_plain_text()
    {
        var report = SampleReports.Empty with { Findings = [SampleReports.DuplicateId with { HelpUri = null }] };

        Assert.Equal(
            """
            ## ❌ plugindb: 1 error, 0 warnings, 0 notices

            0 plugins checked by plugindb 0.1.0 in 12.5 s; errors fail the run.

            ### Findings

            #### Not tied to a plugin

            - **error** `SDB130` **Duplicate plugin id**: Two plugins declare the id papertrail. — examples/plugins/copy/plugin.json:2

            """,
            MarkdownSummaryRenderer.Render(report, Linked with { CommitSha = null }));
    }

    [Theory]
    [InlineData("https://github.com/sovereign/plugin-db-action/blob/main/README.md#sdb130", true)]
    [InlineData("HTTP://docs.example.org/codes?id=SDB130&lang=en", true)]
    [InlineData("not a uri", false)]
    [InlineData("https://", false)]
    [InlineData("https:///README.md", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("https://example.org/a b", false)]
    [InlineData("https://example.org/x)(y", false)]
    [InlineData("https://example.org/<b>", false)]
    [InlineData("https://exämple.org/", false)]
    public void A_finding_title_links_its_help_only_where_that_is_an_absolute_http_url_safe_as_a_link(string helpUri, bool linked)
    {
        var report = SampleReports.Empty with { Findings = [SampleReports.DuplicateId with { HelpUri = helpUri }] };

        var summary = MarkdownSummaryRenderer.Render(report, Linked with { CommitSha = null });

        Assert.Contains(linked ? $"`SDB130` [Duplicate plugin id]({helpUri}):" : "`SDB130` **Duplicate plugin id**:", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_without_findings_at_the_fail_on_level_passes()
    {
        var report = SampleReports.Empty with { Findings = [SampleReports.LockFileMissing] };

        var summary = MarkdownSummaryRenderer.Render(report, SummaryOptions.Default);

        Assert.StartsWith("## ✅ plugindb: 0 errors, 1 warning, 0 notices\n\n0 plugins checked by plugindb 0.1.0 in 12.5 s; errors fail the run.\n", summary, StringComparison.Ordinal);
        Assert.StartsWith("## ❌ ", MarkdownSummaryRenderer.Render(report, new SummaryOptions(FailOn.Warning)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_empty_run_is_a_headline_and_a_sentence()
    {
        Assert.Equal(
            "## ✅ plugindb: 0 errors, 0 warnings, 0 notices\n\n0 plugins checked by plugindb 0.1.0 in 12.5 s; findings do not fail the run.\n",
            MarkdownSummaryRenderer.Render(SampleReports.Empty, new SummaryOptions(FailOn.Never)));
    }

    [Fact]
    public void Table_cells_escape_pipes_angle_brackets_and_line_breaks()
    {
        var report = SampleReports.Empty with
        {
            Plugins = [SampleReports.Notes with { Id = "a|b<script>", Mode = "shared\nmode", Provider = "x*y*" }],
        };

        var summary = MarkdownSummaryRenderer.Render(report, SummaryOptions.Default);

        Assert.Contains("\n| a\\|b\\<script\\> | shared<br>mode | x\\*y\\* | — | 0 | 0 | — |\n", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Finding_text_is_escaped_so_it_cannot_become_markup()
    {
        var finding = new Finding("SDB201", Severity.Error, "p_1", "dir/[x](y).sql", 4, null, null,
            "Title `with` code", "line one\r\nline <two> | $x$ & ~z~ ![i](j) #h", null);
        var report = SampleReports.Empty with { Findings = [finding] };

        var summary = MarkdownSummaryRenderer.Render(report, Linked);

        Assert.Contains(
            "#### p\\_1\n\n" +
            "- **error** `SDB201` **Title \\`with\\` code**: line one<br>line \\<two\\> \\| \\$x\\$ \\& \\~z\\~ \\!\\[i\\](j) \\#h" +
            " — [dir/\\[x\\](y).sql:4](https://github.com/sovereign/plugins/blob/0123abc/dir/%5Bx%5D%28y%29.sql#L4)\n",
            summary,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_outside_the_repository_is_not_linked()
    {
        var report = SampleReports.Empty with { Findings = [SampleReports.DuplicateId with { File = "/tmp/plugin.json" }] };

        var summary = MarkdownSummaryRenderer.Render(report, Linked);

        Assert.Contains(" — /tmp/plugin.json:2\n", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("sovereign/plugins/blob", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_of_a_plugin_are_most_severe_first_in_report_order_within_a_severity()
    {
        var findings = new[]
        {
            SampleReports.Numbered(Severity.Notice, 1),
            SampleReports.Numbered(Severity.Error, 2),
            SampleReports.Numbered(Severity.Warning, 3),
            SampleReports.Numbered(Severity.Error, 4),
        };
        var report = SampleReports.Empty with { Findings = findings };

        var codes = MarkdownSummaryRenderer.Render(report, SummaryOptions.Default)
            .Split('\n')
            .Where(l => l.StartsWith("- ", StringComparison.Ordinal))
            .Select(l => l.Split('`')[1]);

        Assert.Equal(["SDB002", "SDB004", "SDB003", "SDB001"], codes);
    }

    [Fact]
    public void Output_does_not_depend_on_the_current_culture()
    {
        var before = CultureInfo.CurrentCulture;
        var expected = MarkdownSummaryRenderer.Render(SampleReports.Failing, Linked);
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");

            Assert.Equal(expected, MarkdownSummaryRenderer.Render(SampleReports.Failing, Linked));
            Assert.Contains("12.5 s", expected, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
