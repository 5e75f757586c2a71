using System.Diagnostics;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace PluginDb.Build.Tests.Workflows;

/// <summary>
/// What the release workflow writes: a release commit whose action.yml runs the image the same job
/// pushed (<c>docker://ghcr.io/sovereign/plugin-db-action:&lt;version&gt;</c>), so users' jobs pull it
/// instead of building the Dockerfile; main keeps the Dockerfile.
/// </summary>
public sealed class ReleaseTests : IDisposable
{
    private const string Script = ".github/release/pin-image.sh";
    private readonly string _temp = Directory.CreateTempSubdirectory("plugindb-release-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private async Task<(int ExitCode, string Stderr, string Action)> PinAsync(string version)
    {
        var action = Path.Combine(_temp, "action.yml");
        File.Copy(RepositoryYaml.PathOf(RepositoryYaml.ActionFile), action, overwrite: true);
        var start = new ProcessStartInfo("bash", [RepositoryYaml.PathOf(Script), version, action, "ghcr.io/sovereign/plugin-db-action"])
        {
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, stderr, await File.ReadAllTextAsync(action));
    }

    [Fact]
    public void Main_builds_the_Dockerfile()
    {
        Assert.Equal("Dockerfile", RepositoryYaml.Json(RepositoryYaml.ActionFile)["runs"]!["image"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("1.2.3")]
    [InlineData("1.2.3-rc.1")]
    public async Task A_release_runs_the_pushed_image_and_changes_nothing_else(string version)
    {
        var (exitCode, stderr, pinned) = await PinAsync(version);

        Assert.True(exitCode == 0, stderr);
        var runs = YamlJson.Parse(pinned)!["runs"]!;
        Assert.Equal("docker", runs["using"]!.GetValue<string>());
        Assert.Equal($"docker://ghcr.io/sovereign/plugin-db-action:{version}", runs["image"]!.GetValue<string>());
        var original = RepositoryYaml.Text(RepositoryYaml.ActionFile).Split('\n');
        var changed = original.Zip(pinned.Split('\n')).Where(p => p.First != p.Second).ToList();
        Assert.Equal(original.Length, pinned.Split('\n').Length);
        Assert.Equal(("  image: 'Dockerfile'", $"  image: 'docker://ghcr.io/sovereign/plugin-db-action:{version}'"), Assert.Single(changed));
        if (SharedSchemas.Present)
        {
            var schema = await JsonSchema.FromFileAsync(Path.Combine(SharedSchemas.Folder, "github-action.schema.json"));
            Assert.Empty(schema.Validate(YamlJson.Parse(pinned)!.ToJsonString()));
        }
    }

    [Theory]
    [InlineData("v1.2.3")]
    [InlineData("latest")]
    [InlineData("1.2")]
    public async Task Anything_but_a_release_version_is_refused(string version)
    {
        var (exitCode, stderr, pinned) = await PinAsync(version);

        Assert.Equal(2, exitCode);
        Assert.Contains("not a release version", stderr, StringComparison.Ordinal);
        Assert.Equal(RepositoryYaml.Text(RepositoryYaml.ActionFile), pinned);
    }

    [Fact]
    public void The_release_workflow_pins_the_image_it_pushed_and_tags_the_release_commit()
    {
        var steps = RepositoryYaml.Json(".github/workflows/release.yml")["jobs"]!["image"]!["steps"]!.AsArray().Select(s => s!.AsObject()).ToList();
        var push = steps.FindIndex(s => s["uses"]?.GetValue<string>().StartsWith("docker/build-push-action@", StringComparison.Ordinal) == true);
        var pin = steps.FindIndex(s => s["run"]?.GetValue<string>().Contains(Script, StringComparison.Ordinal) == true);

        Assert.True(push >= 0 && pin > push, "the release commit must come after the image is pushed");
        var pushed = steps[push]["with"]!["tags"]!.GetValue<string>();
        Assert.Contains("ghcr.io/sovereign/plugin-db-action:${{ steps.version.outputs.version }}", pushed, StringComparison.Ordinal);
        var run = steps[pin]["run"]!.GetValue<string>();
        Assert.Contains("pin-image.sh \"$VERSION\" action.yml ghcr.io/sovereign/plugin-db-action", run, StringComparison.Ordinal);
        Assert.Equal("${{ steps.version.outputs.version }}", steps[pin]["env"]!["VERSION"]!.GetValue<string>());
        Assert.Contains("git push --force origin \"refs/tags/v$VERSION\"", run, StringComparison.Ordinal);
        Assert.True(run.IndexOf("git commit", StringComparison.Ordinal) < run.IndexOf("git tag", StringComparison.Ordinal));
        Assert.IsType<JsonObject>(steps[pin]["env"]);
    }
}
