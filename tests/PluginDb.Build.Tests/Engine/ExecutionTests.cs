using System.Text.RegularExpressions;
using PluginDb.Build.Engine;

namespace PluginDb.Build.Tests.Engine;

public sealed class ExecutionTests
{
    [Fact]
    public async Task A_target_whose_condition_is_false_is_skipped_and_its_dependents_still_run()
    {
        var build = new ConditionBuild();

        var run = await BuildRun.RunAsync(build, "After");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["After"], build.Executed);
        Assert.Equal("Skipped", run.Statuses["Guarded"]);
        Assert.Equal("Succeeded", run.Statuses["After"]);
    }

    [Fact]
    public async Task A_failing_target_fails_the_run_and_later_targets_are_skipped()
    {
        var build = new FailingBuild();

        var run = await BuildRun.RunAsync(build, "Last", "Independent");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["First"], build.Executed);
        Assert.Equal("Failed", run.Statuses["Broken"]);
        Assert.Equal("Skipped", run.Statuses["Last"]);
        Assert.Equal("Skipped", run.Statuses["Independent"]);
    }

    [Fact]
    public async Task A_failure_is_reported_once_with_its_message_and_without_stack_trace()
    {
        var run = await BuildRun.RunAsync(new FailingBuild(), "Broken");

        Assert.Single(Regex.Matches(run.Stderr, "the disk is full"));
        Assert.Contains("> Broken failed: the disk is full", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_adds_the_stack_trace_of_a_failure()
    {
        var run = await BuildRun.RunAsync(new FailingBuild(), "Broken", "--verbose");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("System.IO.IOException: the disk is full", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(" at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_failure_that_proceeds_independent_targets_run_and_dependents_do_not()
    {
        var build = new ProceedBuild();

        var run = await BuildRun.RunAsync(build, "Dependent", "Independent");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["Independent"], build.Executed);
        Assert.Equal("Failed", run.Statuses["Flaky"]);
        Assert.Equal("NotRun", run.Statuses["Dependent"]);
        Assert.Equal("Succeeded", run.Statuses["Independent"]);
    }

    [Fact]
    public async Task An_assured_target_runs_after_a_failure()
    {
        var build = new FailingBuild();

        var run = await BuildRun.RunAsync(build, "Last", "Cleanup");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["First", "Cleanup"], build.Executed);
        Assert.Equal("Skipped", run.Statuses["Last"]);
        Assert.Equal("Succeeded", run.Statuses["Cleanup"]);
    }

    [Fact]
    public async Task Cancellation_cancels_the_running_and_remaining_targets_but_assured_ones_still_run()
    {
        using var cancellation = new CancellationTokenSource();
        var build = new CancellingBuild(cancellation);

        var run = await BuildRun.RunAsync(build, ["Waits", "Later", "Cleanup"], new Dictionary<string, string?>(), cancellationToken: cancellation.Token);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("Cancelled", run.Statuses["Waits"]);
        Assert.Equal("Cancelled", run.Statuses["Later"]);
        Assert.Equal("Succeeded", run.Statuses["Cleanup"]);
        Assert.Equal(["Cleanup"], build.Executed);
        Assert.False(build.CleanupSawCancellation);
        Assert.Matches(@"Total\s+Cancelled", run.Stderr);
    }

    [Fact]
    public async Task An_assured_target_after_cancellation_is_cancelled_once_the_grace_period_ends()
    {
        using var cancellation = new CancellationTokenSource();
        var build = new CancellingBuild(cancellation);

        var run = await BuildRun.RunAsync(
            build,
            ["Waits", "SlowCleanup"],
            new Dictionary<string, string?>(),
            TimeSpan.FromMilliseconds(100),
            cancellation.Token);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("Cancelled", run.Statuses["SlowCleanup"]);
    }

    [Fact]
    public async Task A_run_where_everything_succeeds_exits_0()
    {
        var run = await BuildRun.RunAsync(new ExitCodeBuild(), "Quiet");

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task A_raised_exit_code_is_returned_and_the_highest_wins()
    {
        var run = await BuildRun.RunAsync(new ExitCodeBuild(), "RaisesThree", "RaisesOne");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("Succeeded", run.Statuses["RaisesOne"]);
    }

    [Fact]
    public async Task A_failed_run_never_exits_0_even_when_a_target_raised_0()
    {
        var run = await BuildRun.RunAsync(new ExitCodeBuild(), "RaisesZero", "Fails");

        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task The_closing_table_lists_each_target_with_status_and_duration_and_a_total()
    {
        var run = await BuildRun.RunAsync(new FailingBuild(), "Last", "Cleanup");

        var table = run.Stderr[run.Stderr.IndexOf("Target ", StringComparison.Ordinal)..].TrimEnd().Split('\n');
        Assert.Matches(@"^Target\s+Status\s+Duration$", table[0]);
        Assert.Matches(@"^First\s+Succeeded\s+\d+:\d\d\.\d{3}$", table[2]);
        Assert.Matches(@"^Broken\s+Failed\s+\d+:\d\d\.\d{3}$", table[3]);
        Assert.Matches(@"^Last\s+Skipped$", table[4]);
        Assert.Matches(@"^Cleanup\s+Succeeded\s+\d+:\d\d\.\d{3}$", table[5]);
        Assert.Matches(@"^Total\s+Failed\s+\d+:\d\d\.\d{3}$", table[^1]);
        Assert.Equal(8, table.Length);
    }

    [Fact]
    public async Task The_closing_table_goes_to_stderr_and_stdout_stays_for_the_report()
    {
        var run = await BuildRun.RunAsync(new ExitCodeBuild(), "Quiet");

        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains("Quiet", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1234, "0:01.234")]
    [InlineData(61_005, "1:01.005")]
    [InlineData(3_723_000, "62:03.000")]
    public void Durations_are_written_as_minutes_seconds_and_milliseconds(int milliseconds, string expected) =>
        Assert.Equal(expected, SummaryWriter.FormatDuration(TimeSpan.FromMilliseconds(milliseconds)));

    private sealed class ConditionBuild : RecordingBuild
    {
        private Target Guarded => _ => _.OnlyWhen(() => false).Executes(Record("Guarded"));

        private Target After => _ => _.DependsOn(Guarded).Executes(Record("After"));
    }

    private sealed class FailingBuild : RecordingBuild
    {
        private Target First => _ => _.Executes(Record("First"));

        private Target Broken => _ => _.DependsOn(First).Executes(() => throw new IOException("the disk is full"));

        private Target Last => _ => _.DependsOn(Broken).Executes(Record("Last"));

        private Target Independent => _ => _.After(Broken).Executes(Record("Independent"));

        private Target Cleanup => _ => _.After(Last).AssuredAfterFailure().Executes(Record("Cleanup"));
    }

    private sealed class ProceedBuild : RecordingBuild
    {
        private Target Flaky => _ => _.ProceedAfterFailure().Executes(() => throw new InvalidOperationException("flaked"));

        private Target Dependent => _ => _.DependsOn(Flaky).Executes(Record("Dependent"));

        private Target Independent => _ => _.After(Flaky).Executes(Record("Independent"));
    }

    private sealed class CancellingBuild(CancellationTokenSource cancellation) : RecordingBuild
    {
        public bool CleanupSawCancellation { get; private set; }

        private Target Waits => _ => _.Executes(async ct =>
        {
            await cancellation.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
        });

        private Target Later => _ => _.After(Waits).Executes(Record("Later"));

        private Target Cleanup => _ => _.After(Later).AssuredAfterFailure().Executes(async ct =>
        {
            CleanupSawCancellation = ct.IsCancellationRequested;
            await Task.Yield();
            Record("Cleanup")();
        });

        private Target SlowCleanup => _ => _.After(Waits).AssuredAfterFailure().Executes(async ct =>
            await Task.Delay(Timeout.Infinite, ct));
    }

    private sealed class ExitCodeBuild : RecordingBuild
    {
        private Target Quiet => _ => _.Executes(Record("Quiet"));

        private Target RaisesThree => _ => _.Executes(() => RaiseExitCode(3));

        private Target RaisesOne => _ => _.After(RaisesThree).Executes(() => RaiseExitCode(1));

        private Target RaisesZero => _ => _.Executes(() => RaiseExitCode(0));

        private Target Fails => _ => _.After(RaisesZero).Executes(() => throw new InvalidOperationException("no"));
    }
}
