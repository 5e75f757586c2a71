using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using PluginDb.Core.Datasources;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Benchmarks;

/// <summary>
/// Whole processes side by side for each corpus project: our <c>./build.sh Drift --project</c> cold
/// (a fresh, empty <c>--cache-dir</c>) and warm (a cache an untimed run filled), Prisma's
/// <c>migrate diff --from-migrations … --to-schema … --exit-code</c>, and a plain replay of the same
/// migration files (<c>sqlite3</c> into a temp file, or one <c>psql</c> session into a fresh database).
/// Each round runs the four once, in an order that rotates from round to round; the table holds medians.
/// </summary>
internal static class DriftBenchmark
{
    /// <summary>A cold check may cost at most this much more than replaying the files by hand…</summary>
    public const double ReplayFactor = 1.25;

    /// <summary>…plus this, for starting a .NET process and reading the schema.</summary>
    public const double ReplayAllowanceMs = 100;

    /// <summary>A warm check of a PostgreSQL project (nothing replayed, no server started) stays under this.</summary>
    public const double WarmPostgresMs = 300;

    /// <summary>How many times faster than Prisma's whole process a cold check should be, per provider.</summary>
    public static double SpeedUpTarget(CorpusProject project) => project.IsPostgres ? 3 : 10;

    public static async Task<string> RunAsync(IReadOnlyList<string> corpora, string? adminUrl, PostgresServerOptions options, int runs, CancellationToken cancellationToken)
    {
        await using var bench = await WholeProcessBench.StartAsync("drift", corpora, adminUrl, options, cancellationToken);
        var (prisma, server) = (bench.Prisma, bench.Server);
        var table = new TextTable(
            "project", "provider", "migrations", "ours cold (s)", "ours warm (s)", "Prisma (s)", "replay (s)", "replay from nothing (s)",
            "speed-up (cold)", "cold vs replay", "warm", "speed-up", "ours says", "Prisma says", "agree?");
        var split = new TimeSplit();
        var notes = new List<string>();
        foreach (var project in bench.Projects)
        {
            table.Add(await MeasureAsync(project, bench, runs, split, notes, cancellationToken));
        }
        var lines = new List<string>
        {
            $"drift check of each corpus project, whole processes, median of {runs} round(s) (the four commands interleaved in each round)",
            table.ToString().TrimEnd(),
            string.Create(CultureInfo.InvariantCulture,
                $"targets: cold vs replay: ours cold ≤ {ReplayFactor} × replay + {ReplayAllowanceMs / 1000:0.0} s; warm: ours warm < {WarmPostgresMs / 1000:0.0} s (PostgreSQL projects); ") +
                "speed-up: Prisma ÷ ours cold ≥ 3× (PostgreSQL), ≥ 10× (SQLite).",
            "ours: ./build.sh Drift --project <copy> --out <temp> --cache-dir <dir> from the repository root; cold: a fresh, empty cache dir per run; " +
                "warm: a cache dir filled by one untimed run before the rounds.",
            "PostgreSQL replay: one psql session into a fresh database; creating and dropping it is outside the timing.",
            "replay from nothing (PostgreSQL only, for reference; the target reads the replay column): one psql session that also creates its database " +
                "(CREATE DATABASE, \\connect), replays into it and drops it, as a replay on a server that does not hold a database for it must; ours cold does that too.",
        };
        if (server is not null)
        {
            lines.Add(server.Description);
        }
        if (prisma is null)
        {
            lines.Add("Prisma: PRISMA_PEER is not set (or holds no prisma), so Prisma was not run.");
        }
        lines.AddRange(notes);
        lines.Add("");
        lines.Add("where ours spends its time (medians; the targets as the runner's closing table gives them)");
        lines.Add(split.ToString());
        return string.Join(Environment.NewLine, lines);
    }

    private static async Task<string[]> MeasureAsync(CorpusProject project, WholeProcessBench bench, int runs, TimeSplit split, List<string> notes, CancellationToken cancellationToken)
    {
        var (ours, prisma, server) = (bench.Ours, bench.Prisma, bench.Server);
        var dir = Path.Combine(bench.Work, project.Name);
        var copy = Path.Combine(dir, "ours");
        CorpusProject.CopyDirectory(project.Directory, copy);
        var prismaCopy = PrismaPeer.Prepare(project, Path.Combine(dir, "prisma"), server?.AdminUrl);
        var warmCache = Path.Combine(dir, "cache-warm");
        List<string> Drift(string cache, string outDir) =>
            ["Drift", "--project", copy, "--out", Path.Combine(dir, outDir), "--cache-dir", cache, .. project.IsPostgres ? server!.RunnerArguments : []];

        Progress.Log($"drift: {project.Name}: filling the warm cache (not timed)");
        var fill = await ours.RunAsync(Drift(warmCache, "out-fill"), cancellationToken);
        if (!Directory.Exists(warmCache))
        {
            notes.Add($"{project.Name}: the untimed run stored nothing in its cache ({BuildScript.Verdict(fill)}), so warm is not warm.");
        }

        var cold = new List<double>();
        var warm = new List<double>();
        var prismaTimes = new List<double>();
        var replay = new List<double>();
        var replayFromNothing = new List<double>();
        var ourVerdicts = new SortedSet<string>(StringComparer.Ordinal);
        var prismaVerdicts = new SortedSet<string>(StringComparer.Ordinal);
        var replayFailures = new SortedSet<string>(StringComparer.Ordinal);

        var steps = new List<Func<int, Task>>
        {
            async round =>
            {
                var cache = Path.Combine(dir, $"cache-cold-{round}");
                var run = await ours.RunAsync(Drift(cache, $"out-cold-{round}"), cancellationToken);
                WholeProcessBench.DeleteQuietly(cache);
                cold.Add(run.Milliseconds);
                ourVerdicts.Add(BuildScript.Verdict(run));
                split.Add($"{project.Name} cold", run);
            },
            async round =>
            {
                var run = await ours.RunAsync(Drift(warmCache, $"out-warm-{round}"), cancellationToken);
                warm.Add(run.Milliseconds);
                ourVerdicts.Add(BuildScript.Verdict(run));
                split.Add($"{project.Name} warm", run);
            },
            async round =>
            {
                if (prisma is not null)
                {
                    var (run, verdict) = await prisma.DiffAsync(prismaCopy, cancellationToken);
                    prismaTimes.Add(run.Milliseconds);
                    prismaVerdicts.Add(verdict);
                }
            },
            async round =>
            {
                var run = await ReplayAsync(project, server, dir, round, cancellationToken);
                replay.Add(run.Milliseconds);
                if (run.ExitCode != 0)
                {
                    replayFailures.Add(run.FirstLine);
                }
            },
        };
        if (project.IsPostgres)
        {
            steps.Add(async round =>
            {
                var run = await ReplayFromNothingAsync(project, server!, dir, cancellationToken);
                replayFromNothing.Add(run.Milliseconds);
                if (run.ExitCode != 0)
                {
                    replayFailures.Add("from nothing: " + run.FirstLine);
                }
            });
        }

        await InterleavedRounds.RunAsync($"drift: {project.Name}", runs, steps);

        if (replayFailures.Count > 0)
        {
            notes.Add($"{project.Name}: the plain replay failed: {string.Join("; ", replayFailures)}");
        }
        var coldMedian = Samples.MedianOf(cold);
        var warmMedian = Samples.MedianOf(warm);
        var replayMedian = Samples.MedianOf(replay);
        var speedUp = prisma is null ? (double?)null : Samples.MedianOf(prismaTimes) / coldMedian;
        var ourVerdict = string.Join(" / ", ourVerdicts);
        var prismaVerdict = prisma is null ? PrismaPeer.NotInstalled : string.Join(" / ", prismaVerdicts);
        return
        [
            project.Name,
            project.Provider,
            project.MigrationFiles.Count.ToString(CultureInfo.InvariantCulture),
            TimeSplit.Seconds(coldMedian),
            TimeSplit.Seconds(warmMedian),
            prisma is null ? PrismaPeer.NotInstalled : TimeSplit.Seconds(Samples.MedianOf(prismaTimes)),
            TimeSplit.Seconds(replayMedian),
            project.IsPostgres ? TimeSplit.Seconds(Samples.MedianOf(replayFromNothing)) : "—",
            speedUp is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s:0.0}×") : "—",
            Met(coldMedian <= ReplayFactor * replayMedian + ReplayAllowanceMs),
            project.IsPostgres ? Met(warmMedian < WarmPostgresMs) : "—",
            speedUp is { } x ? Met(x >= SpeedUpTarget(project)) : "—",
            ourVerdict,
            prismaVerdict,
            prisma is null ? "—" : ourVerdict == prismaVerdict ? "yes" : "NO",
        ];
    }

    public static string Met(bool met) => met ? "met" : "NOT met";

    /// <summary>
    /// One psql session that creates a database, connects to it, is fed the migration files, connects
    /// back and drops it: a plain replay on a server, with nothing prepared for it outside the timing.
    /// </summary>
    private static async Task<ProcessRun> ReplayFromNothingAsync(CorpusProject project, BenchmarkServer server, string dir, CancellationToken cancellationToken)
    {
        var quoted = PostgresIdentifiers.Quote(NewReplayDatabase());
        var before = Path.Combine(dir, "replay-create.sql");
        var after = Path.Combine(dir, "replay-drop.sql");
        await File.WriteAllTextAsync(before, $"CREATE DATABASE {quoted};\n\\connect {quoted}\n", cancellationToken);
        await File.WriteAllTextAsync(after, $"\\connect {PostgresIdentifiers.Quote(server.AdminDatabase)}\nDROP DATABASE {quoted};\n", cancellationToken);
        try
        {
            return await ProcessRun.StartAsync("psql", [.. Psql, server.AdminUrl], dir, null, [before, .. project.MigrationFiles, after], cancellationToken);
        }
        finally
        {
            // A replay that stopped at an error never reached its DROP.
            await DropAsync(server, quoted);
        }
    }

    private static readonly string[] Psql = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--dbname"];

    private static string NewReplayDatabase() => "bench_replay_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    private static async Task DropAsync(BenchmarkServer server, string quotedDatabase)
    {
        NpgsqlConnection.ClearAllPools();
        await server.ExecuteAsync($"DROP DATABASE IF EXISTS {quotedDatabase} WITH (FORCE)", CancellationToken.None);
    }

    /// <summary>The migration files fed to one client process: sqlite3 into a new file, or psql into a new database (created and dropped outside the timing).</summary>
    private static async Task<ProcessRun> ReplayAsync(CorpusProject project, BenchmarkServer? server, string dir, int round, CancellationToken cancellationToken)
    {
        if (!project.IsPostgres)
        {
            var file = Path.Combine(dir, $"replay-{round}.db");
            File.Delete(file);
            var run = await ProcessRun.StartAsync("sqlite3", ["-bail", file], dir, null, project.MigrationFiles, cancellationToken);
            File.Delete(file);
            return run;
        }
        var database = NewReplayDatabase();
        await server!.ExecuteAsync($"CREATE DATABASE {PostgresIdentifiers.Quote(database)}", cancellationToken);
        try
        {
            return await ProcessRun.StartAsync("psql", [.. Psql, server.UrlOf(database)], dir, null, project.MigrationFiles, cancellationToken);
        }
        finally
        {
            await DropAsync(server, PostgresIdentifiers.Quote(database));
        }
    }
}
