using PluginDb.Build.Pipeline;
using PluginDb.Core.Runs;

namespace PluginDb.Build;

/// <summary>How targets run: one place that turns a stop into its exit code, and the repository's own commands.</summary>
internal sealed partial class Build
{
    private const string SolutionFile = "PluginDb.Ci.sln";

    private CancellationTokenSource? _runDeadline;

    /// <summary>
    /// Runs a target's work under the run's deadline: the run's token, cancelled too when <c>--timeout</c>
    /// runs out, one for every stage, so work a stage begins and a later one awaits (the server's start)
    /// keeps it; it is disposed with the run's datasources. A <see cref="BuildStop"/> raises its exit code
    /// (usage 2, infrastructure 3) before the engine reports the target as failed.
    /// </summary>
    private async Task Stage(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        if (_runDeadline is null)
        {
            _runDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (Timeout is { } timeout)
            {
                var left = Run.StartedAt + timeout - DateTimeOffset.UtcNow;
                _runDeadline.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
        }
        try
        {
            await work(_runDeadline.Token);
        }
        catch (BuildStop stop)
        {
            RaiseExitCode(stop.ExitCode);
            throw;
        }
        catch (OperationCanceledException) when (_runDeadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            RaiseExitCode(ExitCodes.InfrastructureError);
            throw new BuildStop(ExitCodes.InfrastructureError, $"The run took longer than --timeout {Timeout}; what it started is removed.");
        }
    }
}
