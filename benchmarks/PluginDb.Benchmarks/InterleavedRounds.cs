namespace PluginDb.Benchmarks;

/// <summary>
/// Rounds of steps, each step once a round, in an order that rotates from round to round, so no
/// command always runs first (cold file caches) or last.
/// </summary>
internal static class InterleavedRounds
{
    /// <param name="label">What the progress lines name.</param>
    /// <param name="rounds">How many rounds.</param>
    /// <param name="steps">The steps, each given the round's 0-based number.</param>
    public static async Task RunAsync(string label, int rounds, IReadOnlyList<Func<int, Task>> steps)
    {
        for (var round = 0; round < rounds; round++)
        {
            Progress.Log($"{label}: round {round + 1} of {rounds}");
            for (var i = 0; i < steps.Count; i++)
            {
                await steps[(round + i) % steps.Count](round);
            }
        }
    }
}
