namespace PluginDb.Datasources.Postgres;

/// <summary>
/// The undo steps of a start, registered as each resource comes into being. The same list removes a
/// half-started server when the start fails and a running one when it is disposed.
/// </summary>
internal sealed class Teardown
{
    private readonly Stack<(string What, Func<Task> Undo)> _steps = new();
    private readonly Lock _gate = new();

    public void Add(string what, Func<Task> undo)
    {
        lock (_gate)
        {
            _steps.Push((what, undo));
        }
    }

    /// <summary>Runs every step, newest first, once. Every step runs even when one fails.</summary>
    public async Task RunAsync()
    {
        var failures = new List<Exception>();
        while (TryPop(out var step))
        {
            try
            {
                await step.Undo();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add(new PostgresServerException($"Could not {step.What}: {e.Message}", e));
            }
        }

        if (failures.Count > 0)
        {
            throw new PostgresServerException(
                "Tearing down the PostgreSQL server left something behind: " + string.Join(" ", failures.Select(f => f.Message)),
                new AggregateException(failures));
        }
    }

    /// <summary>Runs the steps after a failed start without hiding the exception that caused it.</summary>
    public async Task RunAfterFailureAsync(Exception cause)
    {
        try
        {
            await RunAsync();
        }
        catch (PostgresServerException teardownFailure)
        {
            cause.Data["PluginDb.Teardown"] = teardownFailure.Message;
        }
    }

    private bool TryPop(out (string What, Func<Task> Undo) step)
    {
        lock (_gate)
        {
            return _steps.TryPop(out step);
        }
    }
}
