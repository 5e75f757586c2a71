using PluginDb.Build.Engine;

namespace PluginDb.Build.Tests.Engine;

public sealed class ExecutionOrderTests
{
    [Fact]
    public async Task Dependencies_run_first_and_ties_follow_declaration_order()
    {
        var build = new DiamondBuild();

        var run = await BuildRun.RunAsync(build, "Pack");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Restore", "Lint", "Compile", "Pack"], build.Executed);
    }

    [Fact]
    public async Task Each_target_runs_once_even_when_named_twice_and_reached_twice()
    {
        var build = new DiamondBuild();

        var run = await BuildRun.RunAsync(build, "Pack", "Compile", "Pack");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Restore", "Lint", "Compile", "Pack"], build.Executed);
    }

    [Fact]
    public async Task Target_names_on_the_command_line_are_case_insensitive()
    {
        var build = new DiamondBuild();

        var run = await BuildRun.RunAsync(build, "lint", "RESTORE");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Restore", "Lint"], build.Executed);
    }

    [Fact]
    public async Task No_target_runs_the_default_target()
    {
        var build = new DiamondBuild();

        var run = await BuildRun.RunAsync(build);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Restore", "Compile"], build.Executed);
    }

    [Fact]
    public async Task No_target_and_no_default_is_a_usage_error()
    {
        var build = new AfterBuild();

        var run = await BuildRun.RunAsync(build);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no default target", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(build.Executed);
    }

    [Fact]
    public async Task Unknown_target_is_a_usage_error_with_the_closest_names()
    {
        var build = new DiamondBuild();

        var run = await BuildRun.RunAsync(build, "Compiel");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Unknown target 'Compiel'. Did you mean Compile?", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(build.Executed);
    }

    [Fact]
    public async Task After_orders_targets_that_are_both_planned()
    {
        var build = new AfterBuild();

        var run = await BuildRun.RunAsync(build, "Publish", "Clean");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Clean", "Publish"], build.Executed);
    }

    [Fact]
    public async Task After_does_not_add_the_other_target()
    {
        var build = new AfterBuild();

        var run = await BuildRun.RunAsync(build, "Publish");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Publish"], build.Executed);
    }

    [Fact]
    public async Task Before_orders_targets_that_are_both_planned()
    {
        var build = new AfterBuild();

        var run = await BuildRun.RunAsync(build, "Announce", "Clean");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Announce", "Clean"], build.Executed);
    }

    [Fact]
    public async Task A_triggered_target_joins_the_plan_after_its_trigger()
    {
        var build = new TriggerBuild();

        var run = await BuildRun.RunAsync(build, "Check");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Check", "Summarize", "Notify"], build.Executed);
    }

    [Fact]
    public async Task A_cycle_is_a_usage_error_that_names_the_cycle()
    {
        var build = new CycleBuild();

        var run = await BuildRun.RunAsync(build, "First");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: The targets form a cycle: Third -> Second -> First -> Third.", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(build.Executed);
    }

    [Fact]
    public async Task A_cycle_through_After_is_found_too()
    {
        var build = new AfterCycleBuild();

        var run = await BuildRun.RunAsync(build, "Up", "Down");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cycle: Down -> Up -> Down", run.Stderr, StringComparison.Ordinal);
    }

    private sealed class DiamondBuild : RecordingBuild
    {
        protected override Target Default => Compile;

        private Target Pack => _ => _.DependsOn(Compile, Lint).Executes(Record("Pack"));

        private Target Restore => _ => _.Executes(Record("Restore"));

        private Target Lint => _ => _.DependsOn(Restore).Executes(Record("Lint"));

        private Target Compile => _ => _.DependsOn(Restore).Executes(Record("Compile"));
    }

    private sealed class AfterBuild : RecordingBuild
    {
        private Target Announce => _ => _.Before(Clean).Executes(Record("Announce"));

        private Target Publish => _ => _.After(Clean).Executes(Record("Publish"));

        private Target Clean => _ => _.Executes(Record("Clean"));
    }

    private sealed class TriggerBuild : RecordingBuild
    {
        private Target Summarize => _ => _.TriggeredBy(Check).Executes(Record("Summarize"));

        private Target Notify => _ => _.Executes(Record("Notify"));

        private Target Check => _ => _.Triggers(Notify).Executes(Record("Check"));
    }

    private sealed class CycleBuild : RecordingBuild
    {
        private Target First => _ => _.DependsOn(Second).Executes(Record("First"));

        private Target Second => _ => _.DependsOn(Third).Executes(Record("Second"));

        private Target Third => _ => _.DependsOn(First).Executes(Record("Third"));
    }

    private sealed class AfterCycleBuild : RecordingBuild
    {
        private Target Up => _ => _.After(Down).Executes(Record("Up"));

        private Target Down => _ => _.After(Up).Executes(Record("Down"));
    }
}
