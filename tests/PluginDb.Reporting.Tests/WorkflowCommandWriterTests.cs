using PluginDb.Core.Findings;

namespace PluginDb.Reporting.Tests;

public sealed class WorkflowCommandWriterTests
{
    [Fact]
    public void Annotation_carries_file_position_and_code_in_the_title()
    {
        Assert.Equal(
            "::error file=examples/plugins/papertrail/migrations/20250101_init/migration.sql,line=3,col=1,title=SDB201 Migration failed::syntax error at or near \"CREAT\"",
            WorkflowCommandWriter.Annotation(SampleReports.MigrationFailed));
    }

    [Fact]
    public void Annotation_writes_end_line_after_column()
    {
        var finding = SampleReports.MigrationFailed with { EndLine = 7 };

        Assert.StartsWith(
            "::error file=examples/plugins/papertrail/migrations/20250101_init/migration.sql,line=3,col=1,endLine=7,title=",
            WorkflowCommandWriter.Annotation(finding));
    }

    [Fact]
    public void Annotation_leaves_out_properties_without_a_value_and_names_the_plugin_when_there_is_no_file()
    {
        Assert.Equal(
            "::notice title=SDB601 Datasource unreachable::notes: The shared datasource is not checked in this run.",
            WorkflowCommandWriter.Annotation(SampleReports.Unreachable));
        Assert.Equal(
            "::warning file=examples/plugins/papertrail/migrations,title=SDB121 Lock file missing::examples/plugins/papertrail/migrations has no migration_lock.toml.",
            WorkflowCommandWriter.Annotation(SampleReports.LockFileMissing));
    }

    [Fact]
    public void Message_escapes_percent_carriage_return_and_line_feed_but_not_colon_or_comma()
    {
        var finding = SampleReports.MigrationFailed with { Message = "100% failed:\r\nline two, and %0A literally" };

        Assert.EndsWith(
            "::100%25 failed:%0D%0Aline two, and %250A literally",
            WorkflowCommandWriter.Annotation(finding));
    }

    [Fact]
    public void Properties_escape_colon_and_comma_as_well()
    {
        var finding = SampleReports.MigrationFailed with
        {
            File = "plugins/a,b/c:d%e\n.sql",
            Title = "Bad: one, two\rthree",
            Column = null,
        };

        Assert.Equal(
            "::error file=plugins/a%2Cb/c%3Ad%25e%0A.sql,line=3,title=SDB201 Bad%3A one%2C two%0Dthree::syntax error at or near \"CREAT\"",
            WorkflowCommandWriter.Annotation(finding));
    }

    [Fact]
    public void A_message_cannot_inject_a_second_command()
    {
        var finding = SampleReports.MigrationFailed with { Message = "oops\n::add-mask::x" };

        var annotation = WorkflowCommandWriter.Annotation(finding);

        Assert.DoesNotContain('\n', annotation);
        Assert.EndsWith("::oops%0A::add-mask::x", annotation);
    }

    [Fact]
    public void Annotations_within_budget_are_all_written_most_severe_first_without_a_closing_notice()
    {
        var lines = WorkflowCommandWriter.Annotations(SampleReports.Failing.Findings);

        Assert.Equal(
        [
            WorkflowCommandWriter.Annotation(SampleReports.MigrationFailed),
            WorkflowCommandWriter.Annotation(SampleReports.DuplicateId),
            WorkflowCommandWriter.Annotation(SampleReports.LockFileMissing),
            WorkflowCommandWriter.Annotation(SampleReports.Unreachable),
        ], lines);
    }

    [Fact]
    public void Over_budget_keeps_ten_of_each_level_and_nine_notices_plus_a_closing_notice()
    {
        var findings = Enumerable.Range(1, 15).Select(i => SampleReports.Numbered(Severity.Notice, 300 + i))
            .Concat(Enumerable.Range(1, 3).Select(i => SampleReports.Numbered(Severity.Warning, 200 + i)))
            .Concat(Enumerable.Range(1, 25).Select(i => SampleReports.Numbered(Severity.Error, 100 + i)))
            .ToList();

        var lines = WorkflowCommandWriter.Annotations(findings);

        Assert.Equal(23, lines.Count);
        Assert.Equal(Enumerable.Range(101, 10).Select(i => $"::error file=f{i}.sql,line={i},title=SDB{i} Title::message {i}"), lines.Take(10));
        Assert.Equal(Enumerable.Range(201, 3).Select(i => $"::warning file=f{i}.sql,line={i},title=SDB{i} Title::message {i}"), lines.Skip(10).Take(3));
        Assert.Equal(Enumerable.Range(301, 9).Select(i => $"::notice file=f{i}.sql,line={i},title=SDB{i} Title::message {i}"), lines.Skip(13).Take(9));
        Assert.Equal(
            "::notice::21 more findings are in the job summary (GitHub shows at most 10 annotations of each level per step).",
            lines[22]);
        Assert.Equal(10, lines.Count(l => l.StartsWith("::notice", StringComparison.Ordinal)));
    }

    [Fact]
    public void Exactly_ten_notices_fit_without_a_closing_notice()
    {
        var findings = Enumerable.Range(1, 10).Select(i => SampleReports.Numbered(Severity.Notice, i)).ToList();

        var lines = WorkflowCommandWriter.Annotations(findings);

        Assert.Equal(10, lines.Count);
        Assert.DoesNotContain(lines, l => l.Contains("job summary", StringComparison.Ordinal));
    }

    [Fact]
    public void Eleven_notices_give_nine_and_a_closing_notice_for_the_other_two()
    {
        var findings = Enumerable.Range(1, 11).Select(i => SampleReports.Numbered(Severity.Notice, i)).ToList();

        var lines = WorkflowCommandWriter.Annotations(findings);

        Assert.Equal(10, lines.Count);
        Assert.Equal("::notice file=f9.sql,line=9,title=SDB009 Title::message 9", lines[8]);
        Assert.Equal("::notice::2 more findings are in the job summary (GitHub shows at most 10 annotations of each level per step).", lines[9]);
    }

    [Fact]
    public void One_error_over_budget_is_counted_in_the_singular()
    {
        var findings = Enumerable.Range(1, 11).Select(i => SampleReports.Numbered(Severity.Error, i)).ToList();

        var lines = WorkflowCommandWriter.Annotations(findings);

        Assert.Equal(11, lines.Count);
        Assert.Equal("::notice::1 more finding is in the job summary (GitHub shows at most 10 annotations of each level per step).", lines[10]);
    }

    [Fact]
    public void WriteAnnotations_writes_one_command_a_line()
    {
        using var writer = new StringWriter();

        WorkflowCommandWriter.WriteAnnotations([SampleReports.Unreachable, SampleReports.DuplicateId], writer);

        Assert.Equal(
            "::error file=examples/plugins/copy/plugin.json,line=2,col=9,title=SDB130 Duplicate plugin id::Two plugins declare the id papertrail.\n" +
            "::notice title=SDB601 Datasource unreachable::notes: The shared datasource is not checked in this run.\n",
            writer.ToString());
    }

    [Fact]
    public void AddMask_escapes_the_secret_as_data()
    {
        Assert.Equal("::add-mask::p%25ss:w,rd%0Anext", WorkflowCommandWriter.AddMask("p%ss:w,rd\nnext"));
    }

    [Fact]
    public void Group_and_EndGroup_bracket_a_log_section()
    {
        Assert.Equal("::group::Migrate papertrail%0A(2/5)", WorkflowCommandWriter.Group("Migrate papertrail\n(2/5)"));
        Assert.Equal("::endgroup::", WorkflowCommandWriter.EndGroup());
    }
}
