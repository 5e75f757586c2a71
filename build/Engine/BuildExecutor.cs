using System.Diagnostics;

namespace PluginDb.Build.Engine;

/// <summary>Runs a plan in order and records how each target ended.</summary>
/// <remarks>
/// Outcomes travel as <see cref="TargetResult"/> objects, not (status, duration) tuples: a generic
/// over a struct (an async builder, a dictionary) is compiled by the JIT on every start, as ReadyToRun
/// cannot hold it for another assembly's generic type; over a class the precompiled shared code serves.
/// </remarks>
internal sealed class BuildExecutor(TextWriter log, bool verbose, TimeSpan cancellationGrace)
{
    public async Task<IReadOnlyList<TargetResult>> RunAsync(IReadOnlyList<ExecutableTarget> plan, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<ExecutableTarget, TargetResult>();
        var results = new List<TargetResult>(plan.Count);
        var stopped = false;
        foreach (var target in plan)
        {
            var result = Decide(target, outcomes, stopped, cancellationToken)
                ?? await ExecuteAsync(target, cancellationToken);
            if (result.Status == TargetStatus.Failed && !target.Definition.IsProceedAfterFailure)
            {
                stopped = true;
            }

            outcomes[target] = result;
            results.Add(result);
        }

        return results;
    }

    /// <summary>The result of a target that will not run, or null when it should run.</summary>
    private static TargetResult? Decide(
        ExecutableTarget target,
        Dictionary<ExecutableTarget, TargetResult> outcomes,
        bool stopped,
        CancellationToken cancellationToken)
    {
        if (target.IsAssuredAfterFailure)
        {
            return null;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return new TargetResult(target.Name, TargetStatus.Cancelled, null);
        }

        if (stopped)
        {
            return new TargetResult(target.Name, TargetStatus.Skipped, null);
        }

        var blocked = target.Dependencies.Any(d => outcomes.GetValueOrDefault(d)?.Status is TargetStatus.Failed or TargetStatus.NotRun or TargetStatus.Cancelled);
        return blocked ? new TargetResult(target.Name, TargetStatus.NotRun, null) : null;
    }

    private async Task<TargetResult> ExecuteAsync(ExecutableTarget target, CancellationToken cancellationToken)
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
                return new TargetResult(target.Name, TargetStatus.Skipped, null);
            }

            await log.WriteLineAsync($"> {target.Name}");
            foreach (var action in target.Definition.Actions)
            {
                token.ThrowIfCancellationRequested();
                await action(token);
            }

            return new TargetResult(target.Name, TargetStatus.Succeeded, stopwatch.Elapsed);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            await log.WriteLineAsync($"> {target.Name}: cancelled.");
            return new TargetResult(target.Name, TargetStatus.Cancelled, stopwatch.Elapsed);
        }
#pragma warning disable CA1031 // A failing target is reported and the run goes on: that is the engine's job.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            await log.WriteLineAsync(verbose
                ? $"> {target.Name} failed: {exception}"
                : $"> {target.Name} failed: {exception.Message}");
            return new TargetResult(target.Name, TargetStatus.Failed, stopwatch.Elapsed);
        }
    }
}
