using System.Diagnostics;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Benchmarks;

/// <summary>
/// Starts and disposes a server from each PostgreSQL source, timing both. <c>url</c> runs against a
/// server the local source started outside the timing, as an existing server would be.
/// </summary>
internal static class ServersBenchmark
{
    public static async Task<string> RunAsync(PostgresServerOptions options, int runs, CancellationToken cancellationToken)
    {
        var table = new TextTable("source", "ready (median)", "min", "max", "dispose (median)", "server");
        await MeasureAsync(table, PostgresSourceKind.Testcontainers, options, runs, cancellationToken);
        await MeasureAsync(table, PostgresSourceKind.Local, options, runs, cancellationToken);

        Progress.Log("url: starting the existing server from the local source (not timed)");
        PostgresServer existing;
        try
        {
            existing = await PostgresServerFactory.StartAsync(PostgresSourceKind.Local, options, cancellationToken);
        }
        catch (PostgresServerException e)
        {
            table.Add(PostgresSources.Url, Unavailable(e));
            return Heading(runs) + table;
        }
        await using (existing)
        {
            await MeasureAsync(table, PostgresSourceKind.Url, options with { Url = existing.AdminConnectionString }, runs, cancellationToken);
        }
        return Heading(runs) + table;
    }

    private static string Heading(int runs) => $"time to ready and dispose time per PostgreSQL source, {runs} runs each{Environment.NewLine}";

    private static async Task MeasureAsync(TextTable table, PostgresSourceKind kind, PostgresServerOptions options, int runs, CancellationToken cancellationToken)
    {
        var name = PostgresSources.NameOf(kind);
        var ready = new List<double>();
        var dispose = new List<double>();
        var version = "";
        for (var run = 1; run <= runs; run++)
        {
            Progress.Log($"{name}: run {run} of {runs}");
            var start = Stopwatch.GetTimestamp();
            PostgresServer server;
            try
            {
                server = await PostgresServerFactory.StartAsync(kind, options, cancellationToken);
            }
            catch (PostgresServerException e)
            {
                table.Add(name, Unavailable(e));
                return;
            }
            ready.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            version = server.Version;
            var disposing = Stopwatch.GetTimestamp();
            await server.DisposeAsync();
            dispose.Add(Stopwatch.GetElapsedTime(disposing).TotalMilliseconds);
        }
        var times = Samples.Of(ready);
        table.Add(name, Samples.Format(times.Median), Samples.Format(times.Min), Samples.Format(times.Max), Samples.Format(Samples.MedianOf(dispose)), "PostgreSQL " + version);
    }

    // A source that cannot give a server here says why; one that gave a server and then failed is a fault of its own.
    private static string Unavailable(PostgresServerException e) =>
        (e is PostgresSourceUnavailableException ? "unavailable: " : "failed: ") + e.Message.ReplaceLineEndings(" ");
}
