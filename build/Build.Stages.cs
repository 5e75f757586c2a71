using System.Diagnostics;
using PluginDb.Build.Pipeline;
using PluginDb.Core.Runs;

namespace PluginDb.Build;

/// <summary>How targets run: one place that turns a stop into its exit code, and the repository's own commands.</summary>
internal sealed partial class Build
{
    private const string SolutionFile = "PluginDb.Ci.sln";

    /// <summary>
    /// Runs a target's work; a <see cref="BuildStop"/> raises its exit code (usage 2, infrastructure 3)
    /// before the engine reports the target as failed with the stop's message.
    /// </summary>
    private async Task Stage(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (Timeout is { } timeout)
        {
            var left = Run.StartedAt + timeout - DateTimeOffset.UtcNow;
            deadline.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        try
        {
            await work(deadline.Token);
        }
        catch (BuildStop stop)
        {
            RaiseExitCode(stop.ExitCode);
            throw;
        }
        catch (OperationCanceledException) when ((deadline.IsCancellationRequested || _runDeadline is { IsCancellationRequested: true }) && !cancellationToken.IsCancellationRequested)
        {
            RaiseExitCode(ExitCodes.InfrastructureError);
            throw new BuildStop(ExitCodes.InfrastructureError, $"The run took longer than --timeout {Timeout}; what it started is removed.");
        }
    }

    /// <summary>Runs the .NET CLI on the repository for <c>Compile</c> and <c>Test</c>.</summary>
    private async Task DotNet(CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new BuildStop(Core.Runs.ExitCodes.InfrastructureError, "dotnet could not be started.");
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}.");
        }
    }
}
