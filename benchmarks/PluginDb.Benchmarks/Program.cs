using PluginDb.Benchmarks;

// dotnet run -c Release --project benchmarks/PluginDb.Benchmarks -- introspect [--runs N]
if (args.Length == 0 || args[0] != "introspect")
{
    await Console.Error.WriteLineAsync("usage: PluginDb.Benchmarks introspect [--runs N]");
    return 2;
}
var runs = args.Length >= 3 && args[1] == "--runs" ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 21;
var corpus = CorpusHistories.Locate();
if (corpus is null)
{
    await Console.Error.WriteLineAsync("The Prisma corpus (../shared/corpus/prisma beside the repository root) is absent.");
    return 2;
}
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
Console.WriteLine($"introspect + diff, median of {runs} runs after one warm-up");
Console.WriteLine(await IntrospectBenchmark.SqliteAsync(corpus, runs, cancellation.Token));
Console.WriteLine(await IntrospectBenchmark.PostgresAsync(corpus, runs, Environment.GetEnvironmentVariable("PLUGINDB_TEST_POSTGRES_URL"), cancellation.Token));
return 0;
