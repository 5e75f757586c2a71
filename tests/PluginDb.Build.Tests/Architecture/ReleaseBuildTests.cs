using System.Diagnostics;
using System.Text.Json;

namespace PluginDb.Build.Tests.Architecture;

/// <summary>
/// Directory.Build.targets: in Release, the tool's own projects compile async methods as classes
/// (Optimize=false) while keeping the runtime's optimizations (a DebuggableAttribute that does not
/// disable them); test projects compile as usual. Read from MSBuild's evaluation of each project, as
/// <c>dotnet publish -c Release</c> (build.sh, the Dockerfile) sees it.
/// </summary>
public sealed class ReleaseBuildTests
{
    private static readonly string Root = RepositoryRoot.Find();

    [Theory]
    [InlineData("build/_build.csproj")]
    [InlineData("src/PluginDb.Datasources/PluginDb.Datasources.csproj")]
    public async Task The_tools_projects_compile_state_machines_as_classes_without_disabling_the_jit_optimizer(string project)
    {
        var (optimize, attributes) = await EvaluateReleaseAsync(project);

        Assert.Equal("false", optimize);
        var debuggable = Assert.Single(attributes, a => a.Include == "System.Diagnostics.DebuggableAttribute");
        Assert.Contains("IgnoreSymbolStoreSequencePoints", debuggable.Argument, StringComparison.Ordinal);
        Assert.DoesNotContain("DisableOptimizations", debuggable.Argument, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_projects_compile_as_usual()
    {
        var (optimize, attributes) = await EvaluateReleaseAsync("tests/PluginDb.Build.Tests/PluginDb.Build.Tests.csproj");

        Assert.Equal("true", optimize);
        Assert.DoesNotContain(attributes, a => a.Include == "System.Diagnostics.DebuggableAttribute");
    }

    /// <summary>
    /// What build.sh's native publish (-p:PublishAot=true) sees: the runtime's type data stored unpacked
    /// (packed, every start spent ~25 ms unpacking it), an executable at a fixed address (as a PIE, ~13 ms
    /// of relocations per start), no ReadyToRun step, and the libraries that read their own models by
    /// reflection kept whole rather than trimmed.
    /// </summary>
    [Fact]
    public async Task The_native_publish_starts_without_unpacking_or_relocating_and_keeps_reflecting_libraries_whole()
    {
        using var json = await EvaluateAsync("build/_build.csproj", "-p:Configuration=Release", "-p:PublishAot=true",
            "-getProperty:IlcDehydrate", "-getProperty:PublishReadyToRun", "-getProperty:PositionIndependentExecutable",
            "-getItem:TrimmerRootAssembly", "-getItem:LinkerArg");

        var properties = json.RootElement.GetProperty("Properties");
        Assert.Equal("false", properties.GetProperty("IlcDehydrate").GetString());
        Assert.Equal("false", properties.GetProperty("PositionIndependentExecutable").GetString());
        Assert.Contains(json.RootElement.GetProperty("Items").GetProperty("LinkerArg").EnumerateArray(), i => i.GetProperty("Identity").GetString() == "-no-pie");
        Assert.Equal("false", properties.GetProperty("PublishReadyToRun").GetString());
        var roots = json.RootElement.GetProperty("Items").GetProperty("TrimmerRootAssembly").EnumerateArray()
            .Select(i => i.GetProperty("Identity").GetString()).ToList();
        Assert.Contains("Octokit", roots);
        Assert.Contains("Docker.DotNet", roots);
        Assert.Contains("Testcontainers", roots);
    }

    private static async Task<JsonDocument> EvaluateAsync(string project, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "msbuild", project, "-nologo" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, $"dotnet msbuild {project} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        return JsonDocument.Parse(await stdout);
    }

    private static async Task<(string Optimize, List<(string Include, string Argument)> Attributes)> EvaluateReleaseAsync(string project)
    {
        using var json = await EvaluateAsync(project, "-p:Configuration=Release", "-getProperty:Optimize", "-getItem:AssemblyAttribute");
        var optimize = json.RootElement.GetProperty("Properties").GetProperty("Optimize").GetString() ?? "";
        var attributes = new List<(string, string)>();
        if (json.RootElement.GetProperty("Items").TryGetProperty("AssemblyAttribute", out var items))
        {
            foreach (var item in items.EnumerateArray())
            {
                var argument = item.TryGetProperty("_Parameter1", out var value) ? value.GetString() ?? "" : "";
                attributes.Add((item.GetProperty("Identity").GetString() ?? "", argument));
            }
        }
        return (optimize, attributes);
    }
}
