using System.Diagnostics;

namespace PluginDb.Build.Engine;

/// <summary>Runs a plan in order and records how each target ended.</summary>
internal sealed class BuildExecutor(TextWriter log, bool verbose, TimeSpan cancellationGrace)
{
    public async Task<IReadOnlyList<TargetResult>> RunAsync(IReadOnlyList<ExecutableTarget> plan, CancellationToken cancellationToken)
    {
        var statuses = new Dictionary<ExecutableTarget, TargetStatus>();
        var results = new List<TargetResult>(plan.Count);
        var stopped = false;
        foreach (var target in plan)
        {
            var (status, duration) = Decide(target, statuses, stopped, cancellationToken)
                ?? await ExecuteAsync(target, cancellationToken);
            if (status == TargetStatus.Failed && !target.Definition.IsProceedAfterFailure)
            {
                stopped = true;
            }

            statuses[target] = status;
            results.Add(new TargetResult(target.Name, status, duration));
        }

        return results;
    }

    /// <summary>The status of a target that will not run, or null when it should run.</summary>
    private static (TargetStatus, TimeSpan?)? Decide(
        ExecutableTarget target,
        Dictionary<ExecutableTarget, TargetStatus> statuses,
        bool stopped,
        CancellationToken cancellationToken)
    {
        if (target.IsAssuredAfterFailure)
        {
            return null;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return (TargetStatus.Cancelled, null);
        }

        if (stopped)
        {
            return (TargetStatus.Skipped, null);
        }

        var blocked = target.Dependencies.Any(d => statuses.GetValueOrDefault(d) is TargetStatus.Failed or TargetStatus.NotRun or TargetStatus.Cancelled);
        return blocked ? (TargetStatus.NotRun, null) : null;
    }

    private async Task<(TargetStatus, TimeSpan?)> ExecuteAsync(ExecutableTarget target, CancellationToken cancellationToken)
    {
        // Assured targets (cleanup, the report) keep running for a grace period after cancellation.
        using var graceSource = target.IsAssuredAfterFailure ? new CancellationTokenSource() : null;
        using var graceRegistration = graceSource is null
            ? default
            : cancellationToken.Register(() => graceSource.CancelAfter(cancellationGrace));

        var token = graceSource?.Token ?? cancellationToken;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            if (!target.Definition.Conditions.All(condition => condition()))
            {
                await log.WriteLineAsync($"> {target.Name}: skipped, its condition is false.");
                return (TargetStatus.Skipped, null);
            }

            await log.WriteLineAsync($"> {target.Name}");
            foreach (var action in target.Definition.Actions)
            {
                token.ThrowIfCancellationRequested();
                await action(token);
            }

            return (TargetStatus.Succeeded, stopwatch.Elapsed);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            await log.WriteLineAsync($"> {target.Name}: cancelled.");
            return (TargetStatus.Cancelled, stopwatch.Elapsed);
        }
#pragma warning disable CA1031 // A failing target is reported and the run goes on: that is the engine's job.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            await log.WriteLineAsync(verbose
                ? $"> {target.Name} failed: {exception}"
                : $"> {target.Name} failed: {exception.Message}");
            return (TargetStatus.Failed, stopwatch.Elapsed);
        }
    }
}
