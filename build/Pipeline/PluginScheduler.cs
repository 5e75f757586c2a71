using PluginDb.Reporting;

namespace PluginDb.Build.Pipeline;

/// <summary>
/// Runs a step for each plugin, several at once; each plugin's findings, audit events and log lines
/// reach the run in plugin order once all are done, whatever the scheduling.
/// </summary>
internal sealed class PluginScheduler(RunState run, ConsoleProgress progress, Action<string> log)
{
    /// <param name="parallelism">How many plugins at once.</param>
    /// <param name="activity">What the progress line says is being done (<c>migrating</c>).</param>
    public async Task ForEachAsync(IReadOnlyList<PluginState> plugins, int parallelism, string activity,
        Func<PluginState, PluginOutput, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var outputs = plugins.Select(_ => new PluginOutput(run)).ToArray();
        var started = 0;
        using var gate = new SemaphoreSlim(parallelism);
        async Task One(int index)
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress.Report(Interlocked.Increment(ref started), plugins.Count, $"{activity} {plugins[index].Id}");
                await work(plugins[index], outputs[index], cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }
        try
        {
            await Task.WhenAll(Enumerable.Range(0, plugins.Count).Select(One));
        }
        finally
        {
            progress.Complete();
            foreach (var output in outputs)
            {
                output.Flush(log);
            }
        }
    }
}
