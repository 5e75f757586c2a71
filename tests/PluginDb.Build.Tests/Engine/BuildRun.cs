using PluginDb.Build.Engine;

namespace PluginDb.Build.Tests.Engine;

/// <summary>One in-process run of a test build: exit code and everything it printed.</summary>
internal sealed record BuildRun(int ExitCode, string Stdout, string Stderr)
{
    public static Task<BuildRun> RunAsync(BuildBase build, params string[] args) =>
        RunAsync(build, args, new Dictionary<string, string?>());

    public static Task<BuildRun> RunAsync(
        BuildBase build,
        string[] args,
        IReadOnlyDictionary<string, string?> environment,
        TimeSpan? cancellationGrace = null,
        CancellationToken cancellationToken = default) =>
        CaptureAsync((stdout, stderr) => BuildHost.RunAsync(
            build,
            args,
            environment,
            stdout,
            stderr,
            cancellationGrace ?? BuildHost.DefaultCancellationGrace,
            cancellationToken));

    /// <summary>Runs <typeparamref name="TBuild"/> through the public entry point, as <c>Program</c> does.</summary>
    public static Task<BuildRun> RunAsync<TBuild>(IReadOnlyDictionary<string, string?> environment, params string[] args)
        where TBuild : BuildBase, new() =>
        CaptureAsync((stdout, stderr) => BuildHost.RunAsync<TBuild>(args, environment, stdout, stderr, CancellationToken.None));

    /// <summary>The status column of the closing table, per target.</summary>
    public IReadOnlyDictionary<string, string> Statuses =>
        Stderr.Split('\n')
            .SkipWhile(line => !line.StartsWith("Target ", StringComparison.Ordinal))
            .Skip(2)
            .TakeWhile(line => !line.StartsWith('-'))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(cells => cells[0], cells => cells[1]);

    private static async Task<BuildRun> CaptureAsync(Func<TextWriter, TextWriter, Task<int>> run)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = await run(stdout, stderr);
        return new BuildRun(exitCode, stdout.ToString(), stderr.ToString());
    }
}
