namespace PluginDb.Reporting.Tests;

public sealed class ConsoleProgressTests
{
    [Fact]
    public void In_a_log_every_step_is_a_line_of_its_own()
    {
        using var writer = new StringWriter();
        var progress = new ConsoleProgress(writer, interactive: false);

        progress.Report(1, 5, "validating papertrail");
        progress.WriteLine("papertrail: 1 warning");
        progress.Report(2, 5, "migrating papertrail");
        progress.Complete();

        Assert.Equal("[1/5] validating papertrail…\npapertrail: 1 warning\n[2/5] migrating papertrail…\n", writer.ToString());
    }

    [Fact]
    public void In_a_terminal_the_progress_line_is_rewritten_in_place()
    {
        using var writer = new StringWriter();
        var progress = new ConsoleProgress(writer, interactive: true);

        progress.Report(1, 5, "validating papertrail");
        progress.Report(2, 5, "migrating papertrail");
        progress.WriteLine("papertrail: 1 warning");
        progress.Complete();

        Assert.Equal(
            "\r\u001b[2K[1/5] validating papertrail…" +
            "\r\u001b[2K[2/5] migrating papertrail…" +
            "\r\u001b[2Kpapertrail: 1 warning\n[2/5] migrating papertrail…" +
            "\r\u001b[2K",
            writer.ToString());
    }

    [Fact]
    public void Without_a_progress_line_a_terminal_message_is_written_plainly()
    {
        using var writer = new StringWriter();
        var progress = new ConsoleProgress(writer, interactive: true);

        progress.WriteLine("starting");
        progress.Complete();

        Assert.Equal("starting\n", writer.ToString());
    }

    [Fact]
    public void A_line_break_in_the_activity_cannot_break_the_progress_line()
    {
        using var writer = new StringWriter();

        new ConsoleProgress(writer, interactive: false).Report(3, 5, "migrating evil\nname");

        Assert.Equal("[3/5] migrating evil ↵ name…\n", writer.ToString());
    }

    [Fact]
    public async Task Concurrent_reports_never_interleave_within_a_line()
    {
        using var writer = new StringWriter();
        var progress = new ConsoleProgress(writer, interactive: false);

        await Task.WhenAll(Enumerable.Range(1, 200).Select(i => Task.Run(() => progress.Report(i, 200, $"migrating plugin-{i}"))));

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(200, lines.Length);
        Assert.Equal(
            Enumerable.Range(1, 200).Select(i => $"[{i}/200] migrating plugin-{i}…").Order(StringComparer.Ordinal),
            lines.Order(StringComparer.Ordinal));
    }
}
