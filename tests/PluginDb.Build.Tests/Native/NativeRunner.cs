using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Build.Tests.Native;

/// <summary>The two forms of the task runner the tests compare.</summary>
public enum Runner
{
    /// <summary>The binary build.sh publishes (build/bin/runner/_build).</summary>
    Native,

    /// <summary>The runner the tests are built with, on the .NET runtime (<c>dotnet _build.dll</c>).</summary>
    Managed,
}

/// <summary>What a runner process did: its exit code and output.</summary>
public sealed record RunnerProcess(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// The task runner as users get it from <c>./build.sh</c>: published once, as a native binary where a C
/// toolchain links one. The fixture calls <c>./build.sh --help</c> in the checkout, which publishes the
/// runner when its sources changed since the last publish, and both the native binary and the managed
/// runner the tests are built with (<c>dotnet _build.dll</c>) can then be run side by side.
/// </summary>
public sealed class NativeRunnerFixture : IAsyncLifetime
{
    public string Root { get; } = RepositoryRoot.Find();

    public string Binary => Path.Combine(Root, "build", "bin", "runner", "_build");

    /// <summary>What <c>build/bin/runner/.published</c> says was published: native or readytorun.</summary>
    public string Kind { get; private set; } = "";

    // One publish for every test class that uses the runner, however many run at once.
    private static readonly Lazy<Task<string>> Published = new(() => PublishAsync(RepositoryRoot.Find()));

    public async Task InitializeAsync() => Kind = await Published.Value;

    private static async Task<string> PublishAsync(string root)
    {
        var publish = await StartAsync("bash", [Path.Combine(root, "build.sh"), "--help"], root, new Dictionary<string, string?> { ["PLUGINDB_RUNNER"] = null }, TimeSpan.FromMinutes(10));
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException("./build.sh --help failed:\n" + publish);
        }
        return (await File.ReadAllTextAsync(Path.Combine(root, "build", "bin", "runner", ".published"))).Trim();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A copy of a ../shared/corpus project in <paramref name="folder"/>, which a run may write beside.</summary>
    public static string CopyCorpusProject(string name, string folder)
    {
        var from = Path.Combine(Pipeline.SharedFolderFactAttribute.SharedFolder, "corpus", "prisma", name);
        var to = Path.Combine(folder, name);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return to;
    }

    /// <summary>Runs the native binary or the managed runner from the checkout's root.</summary>
    public Task<RunnerProcess> RunAsync(Runner runner, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        runner == Runner.Native
            ? StartAsync(Binary, args, Root, environment, TimeSpan.FromMinutes(3))
            : StartAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "_build.dll"), .. args], Root, environment, TimeSpan.FromMinutes(3));

    /// <summary>As <see cref="RunAsync"/>, writing its reports to <paramref name="output"/>; with the report.json it wrote.</summary>
    public async Task<(RunnerProcess Run, JsonObject Report)> RunWithReportAsync(Runner runner, string output, params string[] args)
    {
        var run = await RunAsync(runner, new Dictionary<string, string?>(), [.. args, "--out", output]);
        var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "report.json")))!.AsObject();
        return (run, report);
    }

    private static async Task<RunnerProcess> StartAsync(string file, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }
        // Nothing from the test process's own CI environment may make the runner publish a check run.
        foreach (var name in new[] { "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "PLUGINDB_CHECK_NAME", "PLUGINDB_GITHUB_TOKEN" })
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}.");
        }
        return new RunnerProcess(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>
/// A test of the native runner. Skipped, saying why, where no C toolchain (clang or gcc) is on the PATH,
/// as build.sh then publishes the runner ReadyToRun.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class NativeRunnerFactAttribute : FactAttribute
{
    private static readonly Lazy<Uri?> Engine = new(() => ContainerEngineProbe.Find(DockerHost, ContainerEngineProbe.DefaultTimeout));

    /// <param name="containers">The test needs a Docker-API engine.</param>
    /// <param name="shared">The test reads this path under ../shared beside the checkout.</param>
    public NativeRunnerFactAttribute(bool containers = false, string? shared = null)
    {
        if (!OnPath("clang") && !OnPath("gcc"))
        {
            Skip = "Neither clang nor gcc is on the PATH, so build.sh publishes the runner ReadyToRun, not as a native binary.";
        }
        else if (shared is not null && !SharedPresent(shared))
        {
            Skip = $"../shared/{shared} is not beside this checkout; the test reads it in place.";
        }
        else if (containers && Engine.Value is null && Environment.GetEnvironmentVariable("PLUGINDB_REQUIRE_CONTAINERS") != "1")
        {
            Skip = ContainerEngineProbe.NoEngineMessage(DockerHost) + " Set PLUGINDB_REQUIRE_CONTAINERS=1 to fail instead of skipping.";
        }
    }

    // A schema may come from PLUGINDB_SCHEMAS_DIR, and must where PLUGINDB_REQUIRE_SCHEMAS=1.
    private static bool SharedPresent(string shared) => shared.StartsWith("schemas/", StringComparison.Ordinal)
        ? Workflows.SharedSchemas.Required || File.Exists(Path.Combine(Workflows.SharedSchemas.Folder, shared["schemas/".Length..]))
        : Path.Exists(Path.Combine(Pipeline.SharedFolderFactAttribute.SharedFolder, shared));

    /// <summary>The engine that answered, for tests that look at containers from outside.</summary>
    public static Uri Endpoint => Engine.Value ?? throw new ContainerEngineUnavailableException(ContainerEngineProbe.NoEngineMessage(DockerHost));

    private static Uri? DockerHost =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? new Uri(host) : null;

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));
}
