using System.Diagnostics;
using Microsoft.Data.Sqlite;
using PluginDb.Core.Manifests;
using PluginDb.Core.Schemas;
using PluginDb.Datasources.Postgres;
using PluginDb.Datasources.Schemas;
using PluginDb.Datasources.Sqlite;

namespace PluginDb.Benchmarks;

/// <summary>Replays the largest corpus history per provider twice, then times reading one side and diffing it against the other.</summary>
internal static class IntrospectBenchmark
{
    public static async Task<string> SqliteAsync(string corpus, int runs, CancellationToken cancellationToken)
    {
        var (project, migrations) = CorpusHistories.Largest(corpus, DatabaseProvider.Sqlite);
        var root = Directory.CreateTempSubdirectory("plugindb-bench-").FullName;
        try
        {
            var paths = new[] { Path.Combine(root, "expected.db"), Path.Combine(root, "actual.db") };
            foreach (var path in paths)
            {
                var result = await new SqliteMigrationRunner().RunAsync(path, migrations, project, root, cancellationToken);
                if (!result.Successful)
                {
                    throw new InvalidOperationException($"{project} did not replay: {string.Join("; ", result.Findings.Select(f => f.Message))}");
                }
            }
            await using var expectedConnection = new SqliteConnection(SqliteMigrationRunner.ConnectionString(paths[0]));
            await expectedConnection.OpenAsync(cancellationToken);
            var expected = await SqliteIntrospector.ReadAsync(expectedConnection, cancellationToken);
            await using var connection = new SqliteConnection(SqliteMigrationRunner.ConnectionString(paths[1]));
            await connection.OpenAsync(cancellationToken);
            var timing = await MeasureAsync(runs, expected, () => SqliteIntrospector.ReadAsync(connection, cancellationToken));
            return Line("sqlite", project, migrations.Count, expected, timing);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    public static async Task<string> PostgresAsync(string corpus, int runs, string? serverUrl, CancellationToken cancellationToken)
    {
        var (project, migrations) = CorpusHistories.Largest(corpus, DatabaseProvider.Postgresql);
        PostgresServer? server = null;
        var admin = serverUrl;
        if (string.IsNullOrWhiteSpace(admin))
        {
            server = await new LocalPostgresSource().StartAsync(cancellationToken);
            admin = server.AdminConnectionString;
        }
        try
        {
            await using var expectedDatabase = await PostgresProjectDatabase.CreateAsync(admin, cancellationToken);
            await using var actualDatabase = await PostgresProjectDatabase.CreateAsync(admin, cancellationToken);
            foreach (var database in new[] { expectedDatabase, actualDatabase })
            {
                var result = await new PostgresMigrationRunner().RunAsync(database.ConnectionString, PostgresProjectDatabase.Schema, migrations, project, corpus, cancellationToken);
                if (!result.Successful)
                {
                    throw new InvalidOperationException($"{project} did not replay: {string.Join("; ", result.Findings.Select(f => f.Message))}");
                }
            }
            var expected = await PostgresIntrospector.ReadAsync(expectedDatabase.ConnectionString, PostgresProjectDatabase.Schema, cancellationToken);
            // Each read opens its own session, as a drift check of a live database does.
            var timing = await MeasureAsync(runs, expected, () => PostgresIntrospector.ReadAsync(actualDatabase.ConnectionString, PostgresProjectDatabase.Schema, cancellationToken));
            return Line("postgresql", project, migrations.Count, expected, timing);
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static async Task<(double Introspect, double Diff, double Total, int Differences)> MeasureAsync(int runs, DatabaseSchema expected, Func<Task<DatabaseSchema>> read)
    {
        var introspect = new List<double>();
        var diff = new List<double>();
        var total = new List<double>();
        var differences = 0;
        for (var run = 0; run <= runs; run++)
        {
            var start = Stopwatch.GetTimestamp();
            var actual = await read();
            var afterRead = Stopwatch.GetTimestamp();
            differences = SchemaDiff.Compare(expected, actual).Count;
            var end = Stopwatch.GetTimestamp();
            if (run == 0)
            {
                continue;
            }
            introspect.Add(Stopwatch.GetElapsedTime(start, afterRead).TotalMilliseconds);
            diff.Add(Stopwatch.GetElapsedTime(afterRead, end).TotalMilliseconds);
            total.Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
        }
        return (Samples.MedianOf(introspect), Samples.MedianOf(diff), Samples.MedianOf(total), differences);
    }

    private static string Line(string provider, string project, int migrationCount, DatabaseSchema schema, (double Introspect, double Diff, double Total, int Differences) timing) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{provider,-10} {project} ({migrationCount} migrations, {schema.Tables.Count} tables, {schema.Tables.Sum(t => t.Columns.Count)} columns, {schema.Tables.Sum(t => t.Indexes.Count + t.UniqueConstraints.Count)} indexes): " +
            $"introspect {timing.Introspect:F2} ms + diff {timing.Diff:F2} ms = {timing.Total:F2} ms ({timing.Differences} differences)");
}
