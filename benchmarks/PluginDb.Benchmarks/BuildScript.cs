using System.Globalization;
using System.Text.RegularExpressions;

namespace PluginDb.Benchmarks;

/// <summary>
/// Our tool as users start it: <c>./build.sh</c> from the repository root (bash, its staleness check,
/// then the compiled runner), so that start-up counts in every timing.
/// </summary>
internal sealed partial class BuildScript
{
    /// <summary>The pipeline targets a run lists in its closing table, in order (a <c>Drift</c> run all but Doctor).</summary>
    public static readonly IReadOnlyList<string> PipelineTargets = ["Validate", "Provision", "Migrate", "Drift", "Doctor", "Report"];

    private readonly string _root;
    private readonly string _script;

    private BuildScript(string root, string script)
    {
        _root = root;
        _script = script;
    }

    /// <summary>The repository's build script, with the runner compiled by one untimed <c>./build.sh --help</c>.</summary>
    public static async Task<BuildScript> PrepareAsync(CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Locate() ?? throw new UsageException("not inside the repository: ./build.sh was not found");
        var build = new BuildScript(root, Path.Combine(root, OperatingSystem.IsWindows() ? "build.cmd" : "build.sh"));
        Progress.Log("./build.sh --help: compiles the task runner where it is stale (not timed)");
        var run = await build.RunAsync(["--help"], cancellationToken);
        return run.ExitCode == 0 ? build : throw new InvalidOperationException($"./build.sh --help failed (exit {run.ExitCode}): {run.FirstLine}");
    }

    public Task<ProcessRun> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        ProcessRun.StartAsync(_script, arguments, _root, null, null, cancellationToken);

    /// <summary>Each plugin's verdict on its schema.prisma, from a Drift run's log: <c>in step</c>, <c>differs</c> or <c>not compared</c>.</summary>
    public static IReadOnlyDictionary<string, string> Verdicts(ProcessRun run) =>
        VerdictLine().Matches(run.Output).ToDictionary(
            m => m.Groups["plugin"].Value,
            m => m.Groups["verdict"].Value switch
            {
                "is in step with" => "in step",
                "differs in" => "differs",
                _ => "not compared (a migration failed)",
            },
            StringComparer.Ordinal);

    /// <summary>A one-plugin run's verdict, or why there is none; exit 0 and 1 are both a completed check.</summary>
    public static string Verdict(ProcessRun run) =>
        Verdicts(run) is { Count: 1 } verdicts ? verdicts.Values.Single() : $"no verdict (exit {run.ExitCode}): {run.FirstLine}";

    /// <summary>The durations of the closing table (target → milliseconds, with <c>Total</c>), written as minutes:seconds.</summary>
    public static IReadOnlyDictionary<string, double> TargetDurations(ProcessRun run) =>
        SummaryRow().Matches(run.Output).ToDictionary(
            m => m.Groups["target"].Value,
            m => (60 * int.Parse(m.Groups["minutes"].Value, CultureInfo.InvariantCulture) + double.Parse(m.Groups["seconds"].Value, CultureInfo.InvariantCulture)) * 1000,
            StringComparer.Ordinal);

    [GeneratedRegex(@"^Drift: (?<plugin>\S+): (?:schema\.prisma (?<verdict>is in step with|differs in)|(?<verdict>its migrations did not all apply))", RegexOptions.Multiline)]
    private static partial Regex VerdictLine();

    [GeneratedRegex(@"^(?<target>[A-Z]\w*) +(?:Succeeded|Failed|Skipped|NotRun|Cancelled) +(?<minutes>\d+):(?<seconds>\d\d\.\d{3}) *$", RegexOptions.Multiline)]
    private static partial Regex SummaryRow();
}
