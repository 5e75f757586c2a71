using System.Diagnostics;

namespace PluginDb.Build.Tests.Pipeline;

/// <summary>
/// The compiled runner as a process: SIGTERM (and Ctrl-C's SIGINT) mid-run still tears down what the
/// run made on the server, as Report runs after cancellation.
/// </summary>
[Collection(PostgresServerCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class SignalTests(PostgresServerFixture server) : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public Task A_signal_mid_run_cancels_it_and_nothing_of_the_run_remains(string signal) =>
        SignalMidRunAsync(server, _workspace, signal, "dotnet", Path.Combine(AppContext.BaseDirectory, "_build.dll"));

    /// <summary>
    /// Starts the runner (<paramref name="file"/> with <paramref name="prefix"/> before its arguments) on a
    /// plugin whose migration sleeps, sends <paramref name="signal"/> once it migrates, and checks that it
    /// stopped as cancelled and removed what it had made on the server.
    /// </summary>
    internal static async Task SignalMidRunAsync(PostgresServerFixture server, Workspace workspace, string signal, string file, params string[] prefix)
    {
        workspace.PostgresPlugin("alpha", "alpha", ("20240101000000_slow", "CREATE TABLE \"A\" (\"id\" INTEGER);\nSELECT pg_sleep(60);\n"));
        // A shell without job control starts background jobs with SIGINT ignored, and an ignored signal
        // stays ignored across exec: `env --default-signal` gives the runner the default a terminal's
        // Ctrl-C meets, wherever the tests themselves were started.
        var start = new ProcessStartInfo("env") { WorkingDirectory = workspace.Root, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--default-signal=INT", file }.Concat(prefix).Concat(["--plugins", "plugins/*", "--postgres", "url", "--postgres-url", server.AdminConnectionString]))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        _ = process.StandardOutput.ReadToEndAsync();

        await WaitUntil(() => { lock (stderr) { return stderr.ToString().Contains("> Migrate", StringComparison.Ordinal); } }, TimeSpan.FromSeconds(60));
        await Task.Delay(500);
        Assert.NotEmpty(await server.RunObjectsAsync());
        using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);

        Assert.NotEqual(0, process.ExitCode);
        lock (stderr)
        {
            Assert.Contains("Cancelled", stderr.ToString(), StringComparison.Ordinal);
        }
        Assert.Empty(await server.RunObjectsAsync());
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the run did not reach Migrate in time");
            await Task.Delay(100);
        }
    }
}
