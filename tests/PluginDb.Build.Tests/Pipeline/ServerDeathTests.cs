using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PluginDb.Build.Tests.Pipeline;

/// <summary>
/// The run's own local server killed in the middle of a fleet run (its postmaster, with SIGKILL, as the
/// kernel's out-of-memory killer would): an infrastructure failure, exit 3, said once, and nothing of
/// the server left behind, neither a process nor its folder nor its shared memory.
/// </summary>
[Trait("Category", "Postgres")]
public sealed partial class ServerDeathTests : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_server_killed_mid_run_is_exit_3_with_one_message_and_leaves_nothing_behind()
    {
        _workspace.PostgresPlugin("alpha", "alpha", ("20240101000000_init", "CREATE TABLE \"A\" (\"id\" INTEGER);\n"));
        _workspace.PostgresPlugin("beta", "beta", ("20240101000000_slow", "CREATE TABLE \"B\" (\"id\" INTEGER);\nSELECT pg_sleep(60);\n"));
        _workspace.SqlitePlugin("gamma", ("20240101000000_init", "CREATE TABLE \"G\" (\"id\" INTEGER);\n"));
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _workspace.Root, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "_build.dll"), "--plugins", "plugins/*", "--postgres", "local", "--no-cache" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        _ = process.StandardOutput.ReadToEndAsync();

        var port = await WaitForAsync(() => { lock (stderr) { return Ready().Match(stderr.ToString()) is { Success: true } m ? m.Groups[1].Value : null; } });
        await WaitForAsync(() => { lock (stderr) { return stderr.ToString().Contains("> Migrate", StringComparison.Ordinal) ? "" : null; } });
        await Task.Delay(1000);
        var (postmaster, data) = Postmaster(port) ?? throw new InvalidOperationException("no postmaster listens on port " + port);
        var segment = File.ReadAllLines(Path.Combine(data, "postmaster.pid"))[6].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        Process.GetProcessById(postmaster).Kill();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);

        var log = stderr.ToString();
        Assert.True(process.ExitCode == 3, log);
        Assert.Single(StoppedAnswering().Matches(log));
        Assert.DoesNotContain("could not stop", log, StringComparison.Ordinal);
        Assert.DoesNotContain("SDB601", File.ReadAllText(Path.Combine(_workspace.Out, "report.json")), StringComparison.Ordinal);
        Assert.Null(Postmaster(port));
        Assert.False(Directory.Exists(Path.GetDirectoryName(data)), "the server's folder remains: " + data);
        Assert.DoesNotContain(File.ReadLines("/proc/sysvipc/shm").Skip(1), l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] == segment);
    }

    /// <summary>The process serving <paramref name="port"/> with its data folder, read from the command lines in /proc.</summary>
    private static (int Pid, string Data)? Postmaster(string port)
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            string[] arguments;
            try
            {
                arguments = File.ReadAllText(Path.Combine(entry, "cmdline")).Split('\0');
            }
            catch (IOException)
            {
                continue;
            }
            var data = Array.IndexOf(arguments, "-D");
            if (data >= 0 && data + 1 < arguments.Length && arguments.Contains("port=" + port))
            {
                return (pid, arguments[data + 1]);
            }
        }
        return null;
    }

    private static async Task<string> WaitForAsync(Func<string?> value)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        for (var found = value(); ; found = value())
        {
            if (found is not null)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < until, "the run did not get that far in time");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"ready \(local: .* on 127\.0\.0\.1:(\d+)\)")]
    private static partial Regex Ready();

    [GeneratedRegex("stopped answering")]
    private static partial Regex StoppedAnswering();
}
