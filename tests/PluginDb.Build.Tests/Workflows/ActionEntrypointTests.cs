using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PluginDb.Build.Engine;

namespace PluginDb.Build.Tests.Workflows;

/// <summary>
/// The action's contract with its container: every input of action.yml reaches the build through
/// docker/entrypoint.sh, and every output is written there.
/// </summary>
public sealed partial class ActionEntrypointTests
{
    private const string Entrypoint = "docker/entrypoint.sh";
    private static readonly JsonObject Action = RepositoryYaml.Json(RepositoryYaml.ActionFile);
    private static readonly string Script = RepositoryYaml.Text(Entrypoint);
    private static readonly BuildModel Model = BuildModel.Load(new Build());

    public static TheoryData<string> Inputs() => new(Action["inputs"]!.AsObject().Select(i => i.Key));

    public static TheoryData<string> Outputs() => new(Action["outputs"]!.AsObject().Select(o => o.Key));

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Each_input_is_read_in_the_entrypoint_under_the_name_GitHub_gives_it(string input) =>
        Assert.Contains($"$(input {input.ToUpperInvariant()})", Script, StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Each_input_is_documented_with_its_default(string input)
    {
        var metadata = Action["inputs"]![input]!.AsObject();

        Assert.False(string.IsNullOrWhiteSpace(metadata["description"]?.GetValue<string>()), $"{input} has no description");
        Assert.True(metadata.ContainsKey("default"), $"{input} has no default");
        Assert.Equal(false, metadata["required"]?.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Each_output_is_written_to_GITHUB_OUTPUT(string output) =>
        Assert.Matches(new Regex($@"(echo ""|\\n|`){Regex.Escape(output)}=", RegexOptions.None, TimeSpan.FromSeconds(1)), Script);

    [Fact]
    public void The_inputs_the_workflows_rely_on_are_there()
    {
        string[] expected = ["plugins", "target", "postgres", "postgres-url", "fail-on", "github-token", "check-name", "sarif", "working-directory", "shard"];

        Assert.All(expected, input => Assert.True(Action["inputs"]!.AsObject().ContainsKey(input), $"action.yml has no input {input}"));
        Assert.Equal("Doctor", Action["inputs"]!["target"]!["default"]!.GetValue<string>());
        Assert.Equal("${{ github.token }}", Action["inputs"]!["github-token"]!["default"]!.GetValue<string>());
    }

    [Fact]
    public void Arguments_the_entrypoint_passes_are_parameters_of_the_build()
    {
        var options = ArgumentLine().Matches(Script).Select(m => m.Groups["option"].Value).ToList();

        Assert.NotEmpty(options);
        Assert.All(options, option => Assert.NotNull(Model.FindParameter(option[2..])));
    }

    [Fact]
    public void Only_secrets_travel_as_environment_and_each_is_a_secret_parameter_of_the_build()
    {
        var variables = EnvironmentLine().Matches(Script).Select(m => m.Groups["variable"].Value).ToList();

        Assert.Equal(["PLUGINDB_GITHUB_TOKEN"], variables);
        Assert.All(variables, variable => Assert.Contains(Model.Parameters, p => p.EnvironmentVariable == variable && p.IsSecret));
    }

    [Fact]
    public void The_image_runs_the_entrypoint_as_root()
    {
        var dockerfile = RepositoryYaml.Text("Dockerfile");
        var finalStage = dockerfile[dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];

        Assert.Equal("docker", Action["runs"]!["using"]!.GetValue<string>());
        Assert.Equal("Dockerfile", Action["runs"]!["image"]!.GetValue<string>());
        Assert.Contains("COPY docker/entrypoint.sh", finalStage, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"/opt/plugindb/entrypoint.sh\"]", finalStage, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"^\s*USER\s", RegexOptions.Multiline, TimeSpan.FromSeconds(1)), finalStage);
    }

    [GeneratedRegex(@"^add (?<option>--[a-z-]+) ", RegexOptions.Multiline)]
    private static partial Regex ArgumentLine();

    [GeneratedRegex(@"^pass (?<variable>PLUGINDB_[A-Z_]+) ", RegexOptions.Multiline)]
    private static partial Regex EnvironmentLine();
}
