using System.Diagnostics;
using PluginDb.Core.Manifests;
using PluginDb.Datasources.EntryPoints;
using PluginDb.Datasources.Tests.Support;

namespace PluginDb.Datasources.Tests.EntryPoints;

public sealed class EntryPointRunnerTests : IDisposable
{
    private const string Url = "file:/srv/data/plugins/demo.db";
    private readonly TempDirectory _temp = new();
    private readonly EntryPointRunner _runner = new();

    public void Dispose() => _temp.Dispose();

    private PluginManifest Plugin(string script)
    {
        var root = _temp.Combine("demo");
        Directory.CreateDirectory(Path.Combine(root, "scripts"));
        File.WriteAllText(Path.Combine(root, "scripts", "migrate.js"), script);
        return new PluginManifest("demo", "1.0.0", 2,
            new DatabaseSection(DatabaseMode.ExclusiveSqlite, DatabaseProvider.Sqlite, null, new MigrationsSection("migrations", "scripts/migrate.js"), DatabaseLimits.None),
            root, Path.Combine(root, "plugin.json"));
    }

    [ToolFact("node")]
    public async Task The_entry_point_runs_in_the_plugin_folder_with_the_database_url()
    {
        var manifest = Plugin("console.log(process.env.PLUGIN_DATABASE_URL); console.log(process.cwd());");

        var result = await _runner.RunAsync(manifest, Url, TimeSpan.FromSeconds(30), _temp.Path, CancellationToken.None);

        Assert.True(result.Successful, result.StandardError);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{Url}\n{manifest.RootDirectory}\n", result.StandardOutput);
        Assert.Empty(result.Findings);
        Assert.False(result.TimedOut);
    }

    [ToolFact("node")]
    public async Task A_non_zero_exit_is_a_finding_with_the_exit_code_and_stderr()
    {
        var manifest = Plugin("console.error('relation missing'); process.exit(3);");

        var result = await _runner.RunAsync(manifest, Url, TimeSpan.FromSeconds(30), _temp.Path, CancellationToken.None);

        Assert.False(result.Successful);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("relation missing\n", result.StandardError);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("SDB204", finding.Code);
        Assert.Equal("demo/scripts/migrate.js", finding.File);
        Assert.Contains("code 3", finding.Message, StringComparison.Ordinal);
        Assert.Contains("relation missing", finding.Message, StringComparison.Ordinal);
    }

    [ToolFact("node")]
    public async Task An_entry_point_past_its_timeout_is_killed_with_its_children()
    {
        var pidFile = _temp.Combine("child.pid");
        var manifest = Plugin(
            "const { spawn } = require('child_process');" +
            "const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });" +
            $"require('fs').writeFileSync({System.Text.Json.JsonSerializer.Serialize(pidFile)}, String(child.pid));" +
            "setTimeout(() => {}, 60000);");
        var clock = Stopwatch.StartNew();

        var result = await _runner.RunAsync(manifest, Url, TimeSpan.FromSeconds(1), _temp.Path, CancellationToken.None);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.Contains("did not finish within 1 s", Assert.Single(result.Findings).Message, StringComparison.Ordinal);
        var childPid = int.Parse(await File.ReadAllTextAsync(pidFile), System.Globalization.CultureInfo.InvariantCulture);
        // SIGKILL takes effect when the child is next scheduled, which on a busy machine may be a moment after the runner returns.
        var deadline = Stopwatch.StartNew();
        while (IsRunning(childPid) && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
        }
        Assert.False(IsRunning(childPid), "the entry point's child process survived the timeout");
    }

    [ToolFact("node")]
    public async Task Output_beyond_the_bound_is_dropped_and_flagged()
    {
        var manifest = Plugin("for (let i = 0; i < 20000; i++) console.log('x'.repeat(20));");

        var result = await _runner.RunAsync(manifest, Url, TimeSpan.FromSeconds(30), _temp.Path, CancellationToken.None);

        Assert.True(result.Successful);
        Assert.True(result.OutputTruncated);
        Assert.True(result.StandardOutput.Length <= EntryPointRunner.MaxCapturedChars);
    }

    [Fact]
    public async Task A_missing_node_executable_is_a_finding()
    {
        var manifest = Plugin("process.exit(0);");

        var result = await new EntryPointRunner(_temp.Combine("no-such-node")).RunAsync(manifest, Url, TimeSpan.FromSeconds(5), _temp.Path, CancellationToken.None);

        Assert.False(result.Successful);
        Assert.Equal("SDB204", Assert.Single(result.Findings).Code);
    }

    private static bool IsRunning(int pid)
    {
        // A killed orphan stays a zombie until some ancestor reaps it; it no longer runs.
        var stat = $"/proc/{pid}/stat";
        if (File.Exists(stat))
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..].Split(' ')[0] is not ("Z" or "X");
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
