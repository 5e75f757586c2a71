using PluginDb.Build.Engine;

namespace PluginDb.Build.Tests.Engine;

public sealed class ParameterTests
{
    [Fact]
    public async Task Parameters_keep_their_initializers_when_not_given()
    {
        var build = new ParameterBuild();

        var run = await BuildRun.RunAsync(build, "Noop");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("examples/*", build.Source);
        Assert.False(build.Keep);
        Assert.Equal(4, build.Retries);
        Assert.Equal(TimeSpan.FromMinutes(5), build.Timeout);
        Assert.Equal(Deployment.InPlace, build.Deployment);
        Assert.Equal(["main"], build.Labels);
        Assert.Null(build.Token);
    }

    [Fact]
    public async Task A_parameter_is_bound_from_a_kebab_case_argument_and_its_value()
    {
        var build = new ParameterBuild();

        var run = await BuildRun.RunAsync(build, "--source", "plugins/one", "noop");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("plugins/one", build.Source);
    }

    [Fact]
    public async Task A_parameter_is_bound_from_name_equals_value()
    {
        var build = new ParameterBuild();

        var run = await BuildRun.RunAsync(build, "noop", "--source=a=b", "--retries=7");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("a=b", build.Source);
        Assert.Equal(7, build.Retries);
    }

    [Fact]
    public async Task A_parameter_is_bound_from_its_PLUGINDB_environment_variable()
    {
        var build = new ParameterBuild();
        var environment = new Dictionary<string, string?>
        {
            ["PLUGINDB_SOURCE"] = "from-env",
            ["PLUGINDB_RETRIES"] = "9",
            ["PLUGINDB_KEEP"] = "true",
            ["PLUGINDB_LABELS"] = "a, b",
        };

        var run = await BuildRun.RunAsync(build, ["noop"], environment);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("from-env", build.Source);
        Assert.Equal(9, build.Retries);
        Assert.True(build.Keep);
        Assert.Equal(["a", "b"], build.Labels);
    }

    [Fact]
    public async Task An_argument_wins_over_the_environment()
    {
        var build = new ParameterBuild();
        var environment = new Dictionary<string, string?> { ["PLUGINDB_SOURCE"] = "from-env" };

        var run = await BuildRun.RunAsync(build, ["noop", "--source", "from-arg"], environment);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("from-arg", build.Source);
    }

    [Fact]
    public async Task An_empty_environment_variable_counts_as_unset()
    {
        var build = new ParameterBuild();
        var environment = new Dictionary<string, string?> { ["PLUGINDB_RETRIES"] = string.Empty };

        var run = await BuildRun.RunAsync(build, ["noop"], environment);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(4, build.Retries);
    }

    [Fact]
    public async Task The_name_override_sets_the_option_and_the_environment_variable()
    {
        var fromArgument = new ParameterBuild();
        var fromEnvironment = new ParameterBuild();

        var first = await BuildRun.RunAsync(fromArgument, "noop", "--api-token", "t1");
        var second = await BuildRun.RunAsync(fromEnvironment, ["noop"], new Dictionary<string, string?> { ["PLUGINDB_API_TOKEN"] = "t2" });

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Equal("t1", fromArgument.Token);
        Assert.Equal("t2", fromEnvironment.Token);
    }

    [Theory]
    [InlineData(new[] { "--keep" }, true)]
    [InlineData(new[] { "--keep", "true" }, true)]
    [InlineData(new[] { "--keep", "false" }, false)]
    [InlineData(new[] { "--keep=false" }, false)]
    [InlineData(new[] { "--keep", "noop" }, true)]
    public async Task A_boolean_is_a_bare_flag_or_takes_true_or_false(string[] args, bool expected)
    {
        var build = new ParameterBuild { Keep = !expected };

        var run = await BuildRun.RunAsync(build, ["noop", .. args]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected, build.Keep);
        Assert.Equal(["Noop"], build.Executed);
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData("1.5", 1.5)]
    [InlineData("00:05:00", 300)]
    [InlineData("01:00:00", 3600)]
    public async Task A_duration_is_seconds_or_hours_minutes_seconds(string text, double seconds)
    {
        var build = new ParameterBuild();

        var run = await BuildRun.RunAsync(build, "noop", "--timeout", text);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(TimeSpan.FromSeconds(seconds), build.Timeout);
    }

    [Theory]
    [InlineData("blue-green", Deployment.BlueGreen)]
    [InlineData("bluegreen", Deployment.BlueGreen)]
    [InlineData("IN-PLACE", Deployment.InPlace)]
    [InlineData("canary", Deployment.Canary)]
    public async Task An_enum_takes_its_kebab_case_or_lower_case_names(string text, Deployment expected)
    {
        var build = new ParameterBuild();

        var run = await BuildRun.RunAsync(build, "noop", "--deployment", text);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected, build.Deployment);
    }

    [Fact]
    public async Task A_string_array_takes_repeated_and_comma_separated_values()
    {
        var build = new ParameterBuild();

        var run = await BuildRun.RunAsync(build, "noop", "--labels", "a,b", "--labels", "c");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["a", "b", "c"], build.Labels);
    }

    [Fact]
    public async Task A_nullable_int_is_bound()
    {
        var build = new ParameterBuild();

        var run = await BuildRun.RunAsync(build, "noop", "--port", "5433");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(5433, build.Port);
    }

    [Fact]
    public async Task An_unknown_parameter_is_a_usage_error_naming_the_closest_one()
    {
        var build = new ParameterBuild();

        var run = await BuildRun.RunAsync(build, "noop", "--retires", "3");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: Unknown parameter --retires. Did you mean --retries?", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(build.Executed);
    }

    [Fact]
    public async Task A_bad_enum_value_is_a_usage_error_listing_the_allowed_values()
    {
        var run = await BuildRun.RunAsync(new ParameterBuild(), "noop", "--deployment", "rolling");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(
            "error: Invalid value 'rolling' for --deployment: expected one of in-place, blue-green, canary.",
            run.Stderr,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_environment_value_names_the_variable_and_the_parameter()
    {
        var environment = new Dictionary<string, string?> { ["PLUGINDB_RETRIES"] = "many" };

        var run = await BuildRun.RunAsync(new ParameterBuild(), ["noop"], environment);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Invalid value 'many' for PLUGINDB_RETRIES (--retries): expected a whole number.", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--timeout", "soon", "seconds (e.g. 90) or hh:mm:ss")]
    [InlineData("--timeout", "-5", "seconds (e.g. 90) or hh:mm:ss")]
    [InlineData("--keep=maybe", null, "true or false")]
    public async Task A_bad_value_is_a_usage_error_saying_what_is_expected(string option, string? value, string expected)
    {
        string[] args = value is null ? ["noop", option] : ["noop", option, value];

        var run = await BuildRun.RunAsync(new ParameterBuild(), args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parameter_without_its_value_is_a_usage_error()
    {
        var run = await BuildRun.RunAsync(new ParameterBuild(), "noop", "--retries");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--retries needs a value: --retries <int>.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_never_appears_in_help_plan_or_errors()
    {
        const string secret = "hunter2-secret";
        var environment = new Dictionary<string, string?> { ["PLUGINDB_API_TOKEN"] = secret };

        var help = await BuildRun.RunAsync(new SecretBuild(), ["--help"], environment);
        var plan = await BuildRun.RunAsync(new SecretBuild(), ["--plan", "--api-token", secret], environment);
        var badValue = await BuildRun.RunAsync(new SecretBuild(), ["--pin", secret], environment);

        Assert.Equal((0, 0, 2), (help.ExitCode, plan.ExitCode, badValue.ExitCode));
        Assert.Contains("<secret>", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("<secret>", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("Invalid value <secret> for --pin", badValue.Stderr, StringComparison.Ordinal);
        foreach (var output in new[] { help.Stdout, help.Stderr, plan.Stdout, plan.Stderr, badValue.Stdout, badValue.Stderr })
        {
            Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("PostgresUrl", "postgres-url")]
    [InlineData("_liveSqliteDir", "live-sqlite-dir")]
    [InlineData("HTTPPort", "http-port")]
    [InlineData("Out", "out")]
    [InlineData("Retry3Times", "retry3-times")]
    public void Member_names_become_kebab_case_options(string member, string expected) =>
        Assert.Equal(expected, Naming.Kebab(member));

    [Fact]
    public void Option_names_become_upper_snake_case_environment_variables() =>
        Assert.Equal("PLUGINDB_POSTGRES_URL", Naming.EnvironmentVariable("postgres-url"));

    public enum Deployment
    {
        InPlace,
        BlueGreen,
        Canary,
    }

    private sealed class ParameterBuild : RecordingBuild
    {
        [Parameter("Where to look.")]
        public string Source { get; init; } = "examples/*";

        [Parameter("Keep things.")]
        public bool Keep { get; init; }

        [Parameter("How often to retry.")]
        public int Retries { get; init; } = 4;

        [Parameter("How long to wait.")]
        public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

        [Parameter("How to deploy.")]
        public Deployment Deployment { get; init; } = Deployment.InPlace;

        [Parameter("Labels to apply.")]
        public string[] Labels { get; init; } = ["main"];

        [Parameter("Port to use.")]
        public int? Port { get; init; }

        [Parameter("Token for the API.", Name = "api-token")]
        [Secret]
        public string? Token { get; init; }

        private Target Noop => _ => _.Executes(Record("Noop"));
    }

    private sealed class SecretBuild : BuildBase
    {
        [Parameter("Token for the API.", Name = "api-token")]
        [Secret]
        private readonly string? _token = "hunter2-default";

        [Parameter("A secret number.")]
        [Secret]
        private readonly int _pin = 1234;

        protected override Target Default => Use;

        private Target Use => _ => _.Executes(() => GC.KeepAlive((_token, _pin)));
    }
}
