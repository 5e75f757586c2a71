using PluginDb.Core.Runs;

namespace PluginDb.Build.Engine;

/// <summary>
/// Runs a build for one command line. Everything it prints goes to the writers given and it reads no
/// process state, so tests run it in-process; <c>Program.Main</c> wires the console, the environment and signals.
/// </summary>
public static class BuildHost
{
    /// <summary>How long targets that run after cancellation (<c>AssuredAfterFailure</c>) get to finish.</summary>
    public static readonly TimeSpan DefaultCancellationGrace = TimeSpan.FromSeconds(30);

    /// <summary>Runs <typeparamref name="TBuild"/> and returns the process exit code.</summary>
    /// <returns>
    /// 0 when every target succeeded or was skipped; 1 when one failed, could not run or was cancelled;
    /// 2 for a usage error; a code raised by the build (<see cref="BuildBase.RaiseExitCode"/>) when higher.
    /// </returns>
    public static Task<int> RunAsync<TBuild>(
        string[] args,
        IReadOnlyDictionary<string, string?> environment,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken)
        where TBuild : BuildBase, new() =>
        RunAsync(new TBuild(), args, environment, stdout, stderr, DefaultCancellationGrace, cancellationToken);

    /// <summary>Runs the given instance; tests use it to look at the build after the run.</summary>
    internal static async Task<int> RunAsync(
        BuildBase build,
        string[] args,
        IReadOnlyDictionary<string, string?> environment,
        TextWriter stdout,
        TextWriter stderr,
        TimeSpan cancellationGrace,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        IReadOnlyList<ExecutableTarget> plan;
        bool verbose;
        try
        {
            var model = BuildModel.Load(build);
            var commandLine = CommandLine.Parse(args, model);
            if (commandLine.Help)
            {
                await HelpWriter.WriteAsync(model, stdout);
                return ExitCodes.Success;
            }

            var parameters = ParameterBinder.Bind(model, commandLine, environment);
            plan = ExecutionPlanner.Plan(RequestedTargets(model, commandLine));
            if (commandLine.Plan)
            {
                await PlanWriter.WriteAsync(plan, parameters, stdout);
                return ExitCodes.Success;
            }

            verbose = commandLine.Verbose
                || (environment.TryGetValue(Naming.EnvironmentVariable("verbose"), out var text) && text is not null && ParameterValues.ParseBoolean(text) == true);
            build.Attach(stdout, stderr, environment, verbose, plan.Select(t => t.Name).ToHashSet(StringComparer.Ordinal));
        }
        catch (UsageException exception)
        {
            await stderr.WriteLineAsync($"error: {exception.Message}");
            await stderr.WriteLineAsync("Run with --help to see the targets and parameters.");
            return ExitCodes.UsageError;
        }

        var results = await new BuildExecutor(stderr, verbose, cancellationGrace).RunAsync(plan, cancellationToken);
        await SummaryWriter.WriteAsync(results, stderr);
        var outcome = SummaryWriter.Overall(results) == TargetStatus.Succeeded ? ExitCodes.Success : 1;

        // A failed run never exits 0, even when a target raised 0 before the failure.
        return Math.Max(build.ExitCode ?? outcome, outcome);
    }

    private static List<ExecutableTarget> RequestedTargets(BuildModel model, CommandLine commandLine)
    {
        if (commandLine.Targets.Count == 0)
        {
            return model.DefaultTarget is { } defaultTarget
                ? [defaultTarget]
                : throw new UsageException("Name a target to run; this build has no default target.");
        }

        return [.. commandLine.Targets.Select(name => model.FindTarget(name)
            ?? throw new UsageException(
                $"Unknown target '{name}'."
                + Suggestions.DidYouMean(name, model.Targets.Select(t => t.Name))))];
    }
}
