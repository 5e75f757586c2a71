using PluginDb.Build.Engine;

namespace PluginDb.Build.Tests.Engine;

public sealed class HelpAndPlanTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_lists_targets_and_parameters_aligned_and_exits_0(string option)
    {
        var build = new SmallBuild();

        var run = await BuildRun.RunAsync(build, option);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            """
            Usage: build [target...] [--parameter value...]

            Targets:
              Restore             Restore the packages.
              Compile  (default)  Compile the code.      depends on Restore
              Test                Run the tests.         depends on Compile

            Parameters:
              Name             Value               Default   Environment             Description
              --configuration  debug|release       debug     PLUGINDB_CONFIGURATION  Configuration to build.
              --nuget-key      <secret>                      PLUGINDB_NUGET_KEY      Key to push packages with.
              --timeout        <seconds|hh:mm:ss>  00:01:30  PLUGINDB_TIMEOUT        How long the tests may take.

            Options:
              --help, -h  Print this help and exit.
              --plan      Print the targets that would run, in order, and exit without running them.
              --verbose   Print stack traces of failures.

            """,
            run.Stdout);
        Assert.Empty(run.Stderr);
        Assert.Empty(build.Executed);
    }

    [Fact]
    public async Task Plan_prints_the_order_and_the_parameter_values_and_runs_nothing()
    {
        var build = new SmallBuild();
        var environment = new Dictionary<string, string?> { ["PLUGINDB_TIMEOUT"] = "120" };

        var run = await BuildRun.RunAsync(build, ["test", "--plan", "--configuration", "release"], environment);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            """
            Plan:
              1.  Restore
              2.  Compile
              3.  Test
              4.  Archive  (runs also after a failure)

            Parameters:
              --configuration  release   (argument)
              --nuget-key                (default)
              --timeout        00:02:00  (environment)

            """,
            run.Stdout);
        Assert.Empty(build.Executed);
    }

    [Fact]
    public async Task Help_wins_over_everything_else_on_the_command_line()
    {
        var build = new SmallBuild();

        var run = await BuildRun.RunAsync(build, "Nonsense", "--help", "--configuration", "release");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Usage: build", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(build.Executed);
    }

    public enum Configuration
    {
        Debug,
        Release,
    }

    private sealed class SmallBuild : RecordingBuild
    {
        [Parameter("Configuration to build.")]
        private readonly Configuration _configuration = Configuration.Debug;

        [Parameter("Key to push packages with.")]
        [Secret]
        private readonly string? _nugetKey = null;

        [Parameter("How long the tests may take.")]
        private readonly TimeSpan _timeout = TimeSpan.FromSeconds(90);

        protected override Target Default => Compile;

        private Target Restore => _ => _.Description("Restore the packages.").Executes(Record("Restore"));

        private Target Compile => _ => _.Description("Compile the code.").DependsOn(Restore).Executes(Record("Compile"));

        private Target Test => _ => _.Description("Run the tests.").DependsOn(Compile)
            .Executes(() => Record($"Test {_configuration} {_nugetKey} {_timeout}")());

        private Target Archive => _ => _.Description("Keep the logs.").Unlisted().TriggeredBy(Test).AssuredAfterFailure().Executes(Record("Archive"));
    }
}
