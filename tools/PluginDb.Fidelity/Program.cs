using PluginDb.Benchmarks;
using PluginDb.Datasources.Postgres;
using PluginDb.Fidelity;

// dotnet run -c Release --project tools/PluginDb.Fidelity -- <command> [options]
const string usage = """
    usage: PluginDb.Fidelity <command> [options]

      extract --into <dir> [--mirrors <dir>] [--only a,b] [--set tune|holdout|all]
          Brings each project of corpus.tsv (repository, commit, paths) into <dir>/<name>/: migrations/ and
          schema.prisma or schema/. From a bare clone under --mirrors (owner+name) where there is one, else
          from a clone of GitHub made under <dir>/.git-cache.
      histories --corpus <dir> [--only a,b] [--set tune|holdout|all] [--postgres-url <admin url>]
          Per project: ./build.sh Drift --project against Prisma's migrate diff --from-migrations
          --to-schema --exit-code --script (the peer in PRISMA_PEER): the verdict and the objects each
          names; and whether the history applies as a plugin (./build.sh Migrate, exclusive plugin).
      edits --corpus <dir> [--per-project N] [--only a,b] [--set tune|holdout|all] [--postgres-url <admin url>]
          Per project, N generated schema edits of distinct kinds (default 8), each checked by both tools
          against the unchanged history: the verdict and the objects.

    --set defaults to all. Without --postgres-url a PostgreSQL server from the local source is started.
    Tables go to stdout, progress to stderr; the exit code is 0 when the run finished, whatever it found.
    """;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    var command = args.Length > 0 ? args[0] : throw new UsageException("no command given");
    string[] rest = [.. args.Skip(1)];
    Console.Write(command switch
    {
        "extract" => await ExtractAsync(BenchmarkArguments.Parse(rest, "into", "mirrors", "only", "set"), cancellation.Token),
        "histories" or "edits" => await CompareAsync(command, BenchmarkArguments.Parse(rest, "corpus", "only", "set", "postgres-url", "per-project"), cancellation.Token),
        "help" or "--help" or "-h" => usage + Environment.NewLine,
        _ => throw new UsageException($"unknown command '{command}'"),
    });
    return 0;
}
catch (UsageException e)
{
    await Console.Error.WriteLineAsync($"{e.Message}{Environment.NewLine}{usage}");
    return 2;
}

static IReadOnlyList<CorpusEntry> Entries(BenchmarkArguments arguments) =>
    CorpusEntry.Select(CorpusEntry.Load(CorpusEntry.DefaultList), arguments.Text("only"), arguments.Text("set") ?? "all");

static Task<string> ExtractAsync(BenchmarkArguments arguments, CancellationToken cancellationToken) =>
    CorpusExtractor.ExtractAsync(Entries(arguments), Path.GetFullPath(arguments.Text("into") ?? throw new UsageException("extract needs --into <dir>")),
        arguments.Text("mirrors") is { } mirrors ? Path.GetFullPath(mirrors) : null, cancellationToken);

static async Task<string> CompareAsync(string command, BenchmarkArguments arguments, CancellationToken cancellationToken)
{
    var corpus = Path.GetFullPath(arguments.Text("corpus") ?? throw new UsageException($"{command} needs --corpus <dir> (made by extract)"));
    var entries = Entries(arguments);
    var prisma = PrismaPeer.FromEnvironment() ?? throw new UsageException("PRISMA_PEER does not name the Prisma CLI peer (../shared/peers/prisma, .ci/prisma-peer.sh)");
    var ours = await BuildScript.PrepareAsync(cancellationToken);
    await using var server = entries.Any(e => e.IsPostgres)
        ? await BenchmarkServer.ObtainAsync(arguments.Text("postgres-url"), new PostgresServerOptions { SearchPath = Environment.GetEnvironmentVariable("PATH") }, command, cancellationToken)
        : null;
    var work = Directory.CreateTempSubdirectory("plugindb-fidelity-").FullName;
    try
    {
        return command == "histories"
            ? await FidelityRuns.HistoriesAsync(entries, corpus, work, ours, prisma, server, cancellationToken)
            : await FidelityRuns.EditsAsync(entries, corpus, work, ours, prisma, server, arguments.Count("per-project", 8), cancellationToken);
    }
    finally
    {
        Directory.Delete(work, recursive: true);
    }
}
