using PluginDb.Build.Engine;

namespace PluginDb.Build.Tests.Engine;

/// <summary>One in-process run of a test build: exit code and everything it printed.</summary>
internal sealed record BuildRun(int ExitCode, string Stdout, string Stderr)
{
    public static Task<BuildRun> RunAsync(BuildBase build, params string[] args) =>
        RunAsync(build, args, new Dictionary<string, string?>());

    public static async Task<BuildRun> RunAsync(
        BuildBase build,
        string[] args,
        IReadOnlyDictionary<string, string?> environment,
        TimeSpan? cancellationGrace = null,
        CancellationToken cancellationToken = default)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = await BuildHost.RunAsync(
            build,
            args,
            environment,
            stdout,
            stderr,
            cancellationGrace ?? BuildHost.DefaultCancellationGrace,
            cancellationToken);
        return new BuildRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The status column of the closing table, per target.</summary>
    public IReadOnlyDictionary<string, string> Statuses =>
        Stderr.Split('\n')
            .SkipWhile(line => !line.StartsWith("Target ", StringComparison.Ordinal))
            .Skip(2)
            .TakeWhile(line => !line.StartsWith('-'))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(cells => cells[0], cells => cells[1]);
}
