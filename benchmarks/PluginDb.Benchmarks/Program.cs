using PluginDb.Benchmarks;
using PluginDb.Datasources.Postgres;

// dotnet run -c Release --project benchmarks/PluginDb.Benchmarks -- <mode> [options]
const string usage = """
    usage: PluginDb.Benchmarks <mode> [options]

      introspect [--runs N]   introspect + diff of the largest corpus history per provider (median of N, default 21)
      servers [--runs N]      time to ready and dispose time of each PostgreSQL source: testcontainers,
                              local, url (against a server the local source starts); N runs each, default 5
      fleet [--plugins N] [--runs R] [--source testcontainers|local]
                              provision N exclusive-postgres plugins (default 50) and run the isolation
                              probe over them on one server (default local); median of R runs, default 3
      drift [--runs N] [--postgres-url <admin url>] [--corpus <dir,dir>]
                              per corpus project, whole processes side by side: ./build.sh Drift --project
                              cold (fresh --cache-dir) and warm (cache filled before), Prisma's migrate diff
                              --exit-code (PRISMA_PEER) and a plain sqlite3/psql replay; median of N
                              interleaved rounds, default 3. Without --postgres-url a server from the local
                              source is started for the benchmark; --corpus adds folders of projects laid
                              out as the shared corpus
      fleet-drift [--plugins N] [--runs R] [--postgres-url <admin url>]
                              ./build.sh Drift --plugins '<temp>/*' over N plugin folders (default 20) made
                              from the corpus projects, cold and warm, against Prisma's migrate diff on three
                              of them; and ./build.sh Doctor --no-cache over the fleet and over a copy whose
                              histories are all distinct; median of R interleaved rounds, default 3
      squawk [--new N] [--squawk <path>] [--corpus <dir,dir>] [--postgres-url <admin url>]
                              pull requests shaped from each PostgreSQL history (its last N migrations new,
                              default 3, the rest merged on main): ./build.sh Migrate --base main against
                              squawk (npm squawk-cli; default: squawk on the PATH) on the same new files,
                              flags by rule family; --corpus adds folders of projects laid out as the
                              shared corpus (schema.prisma, migrations/)
      pull-request [--migrations N] [--runs R] [--corpus <dir,dir>] [--only a,b] [--postgres-url <admin url>]
                              a plugin whose history gains one migration on a branch (base on main): a
                              synthetic history of N migrations (default 800) and the corpus projects --only
                              names; ./build.sh Migrate without a base, with --base main cold (empty cache)
                              and warm (the base kept by an earlier run), and a psql replay; median of R
                              interleaved rounds (default 5) against the targets (warm < 0.5 s, cold ≤ 1.2 ×
                              the run without a base)

    Tables go to stdout, progress to stderr. Environment: DOCKER_HOST (the Docker-API engine of
    testcontainers), PATH (searched for the server binaries of local), PLUGINDB_TEST_POSTGRES_URL
    (introspect on an existing server instead of a local one), PRISMA_PEER (the Prisma CLI peer of
    drift and fleet-drift; unset: Prisma's times say "not installed").
    """;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    var mode = args.Length > 0 ? args[0] : throw new UsageException("no mode given");
    string[] rest = [.. args.Skip(1)];
    Console.Write(mode switch
    {
        "introspect" => await IntrospectAsync(BenchmarkArguments.Parse(rest, "runs"), cancellation.Token),
        "servers" => await ServersBenchmark.RunAsync(ServerOptions(), BenchmarkArguments.Parse(rest, "runs").Count("runs", 5), cancellation.Token),
        "fleet" => await FleetAsync(BenchmarkArguments.Parse(rest, "plugins", "runs", "source"), cancellation.Token),
        "drift" => await DriftAsync(BenchmarkArguments.Parse(rest, "runs", "postgres-url", "corpus"), cancellation.Token),
        "squawk" => await SquawkAsync(BenchmarkArguments.Parse(rest, "new", "postgres-url", "squawk", "corpus"), cancellation.Token),
        "pull-request" => await PullRequestAsync(BenchmarkArguments.Parse(rest, "migrations", "runs", "postgres-url", "corpus", "only"), cancellation.Token),
        "fleet-drift" => await FleetDriftAsync(BenchmarkArguments.Parse(rest, "plugins", "runs", "postgres-url"), cancellation.Token),
        "help" or "--help" or "-h" => usage + Environment.NewLine,
        _ => throw new UsageException($"unknown mode '{mode}'"),
    });
    return 0;
}
catch (UsageException e)
{
    await Console.Error.WriteLineAsync($"{e.Message}{Environment.NewLine}{usage}");
    return 2;
}
catch (CorpusMissingException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
catch (PostgresServerException e)
{
    // fleet needs its one server; servers reports a missing source in its table instead.
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}

// The library reads no environment; this program passes it what it needs.
static PostgresServerOptions ServerOptions() => new()
{
    DockerEndpoint = Uri.TryCreate(Environment.GetEnvironmentVariable("DOCKER_HOST"), UriKind.Absolute, out var docker) ? docker : null,
    SearchPath = Environment.GetEnvironmentVariable("PATH"),
};

static async Task<string> IntrospectAsync(BenchmarkArguments arguments, CancellationToken cancellationToken)
{
    var runs = arguments.Count("runs", 21);
    var corpus = CorpusHistories.Locate() ?? throw new CorpusMissingException();
    var sqlite = await IntrospectBenchmark.SqliteAsync(corpus, runs, cancellationToken);
    var postgres = await IntrospectBenchmark.PostgresAsync(corpus, runs, Environment.GetEnvironmentVariable("PLUGINDB_TEST_POSTGRES_URL"), cancellationToken);
    return string.Join(Environment.NewLine, $"introspect + diff, median of {runs} runs after one warm-up", sqlite, postgres, "");
}

static Task<string> DriftAsync(BenchmarkArguments arguments, CancellationToken cancellationToken)
{
    return DriftBenchmark.RunAsync(Corpora(arguments), arguments.Text("postgres-url"), ServerOptions(), arguments.Count("runs", 3), cancellationToken);
}

// The shared corpus, then the folders --corpus adds (laid out as it is: <project>/schema.prisma, migrations/).
static string[] Corpora(BenchmarkArguments arguments) =>
    [CorpusHistories.Locate() ?? throw new CorpusMissingException(),
     .. (arguments.Text("corpus") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

static Task<string> PullRequestAsync(BenchmarkArguments arguments, CancellationToken cancellationToken) =>
    PullRequestBenchmark.RunAsync(Corpora(arguments),
        (arguments.Text("only") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        arguments.Count("migrations", 800), arguments.Text("postgres-url"), ServerOptions(), arguments.Count("runs", 5), cancellationToken);

static Task<string> FleetDriftAsync(BenchmarkArguments arguments, CancellationToken cancellationToken)
{
    var corpus = CorpusHistories.Locate() ?? throw new CorpusMissingException();
    return FleetDriftBenchmark.RunAsync(corpus, arguments.Text("postgres-url"), ServerOptions(), arguments.Count("plugins", 20), arguments.Count("runs", 3), cancellationToken);
}

static Task<string> SquawkAsync(BenchmarkArguments arguments, CancellationToken cancellationToken)
{
    var squawk = arguments.Text("squawk") ?? "squawk";
    return SquawkComparison.RunAsync(Corpora(arguments), squawk, arguments.Text("postgres-url"), ServerOptions(), arguments.Count("new", 3), cancellationToken);
}

static Task<string> FleetAsync(BenchmarkArguments arguments, CancellationToken cancellationToken)
{
    var kind = PostgresSources.ParseKind(arguments.Text("source") ?? PostgresSources.Local) switch
    {
        PostgresSourceKind.Testcontainers => PostgresSourceKind.Testcontainers,
        PostgresSourceKind.Local => PostgresSourceKind.Local,
        _ => throw new UsageException($"--source takes {PostgresSources.Testcontainers} or {PostgresSources.Local}, not '{arguments.Text("source")}'"),
    };
    return FleetBenchmark.RunAsync(kind, ServerOptions(), arguments.Count("plugins", 50), arguments.Count("runs", 3), cancellationToken);
}
