using System.Globalization;
using System.Text.Json;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Benchmarks;

/// <summary>
/// A fleet of plugin folders made from the corpus projects, checked the way users check one:
/// <c>./build.sh Drift --plugins '&lt;folder&gt;/*'</c>, cold (a fresh, empty <c>--cache-dir</c>) and
/// warm (a cache an untimed run filled), against Prisma's <c>migrate diff --exit-code</c> on three of
/// the plugins, one after the other. The projects are taken in turn, so several plugins share a history,
/// as plugins built from one template do; PostgreSQL ones are exclusive-postgres with schema = plugin
/// id, all on one server.
/// </summary>
internal static class FleetDriftBenchmark
{
    /// <summary>A warm check of the fleet stays under this.</summary>
    public const double WarmTargetMs = 2000;

    /// <summary>A cold check of the fleet takes less time than Prisma needs for this many of its plugins.</summary>
    public const int PrismaPlugins = 3;

    public static async Task<string> RunAsync(string corpus, string? adminUrl, PostgresServerOptions options, int plugins, int runs, CancellationToken cancellationToken)
    {
        await using var bench = await WholeProcessBench.StartAsync("fleet-drift", [corpus], adminUrl, options, cancellationToken);
        var (ours, prisma, projects, server, work) = (bench.Ours, bench.Prisma, bench.Projects, bench.Server, bench.Work);
        var excluded = server is null ? new Dictionary<string, string>() : await UnfitForPluginsAsync([.. projects.Where(p => p.IsPostgres)], ours, server, work, cancellationToken);
        var members = projects.Where(p => !excluded.ContainsKey(p.Name)).ToList();
        if (members.Count == 0)
        {
            throw new InvalidOperationException("No corpus project replays as a plugin's history: " + string.Join("; ", excluded.Select(e => $"{e.Key}: {e.Value}")));
        }
        var fleet = Enumerable.Range(0, plugins).Select(i => (Id: PluginId(i, members[i % members.Count]), Project: members[i % members.Count])).ToList();
        var folder = Path.Combine(work, "plugins");
        foreach (var (id, project) in fleet)
        {
            WritePlugin(Path.Combine(folder, id), id, project);
        }
        // The same fleet with every history made its own by a comment at the end of its last script:
        // Doctor over it replays each plugin's, which tells what replaying a shared history once saves.
        var distinctFolder = Path.Combine(work, "plugins-distinct");
        foreach (var (id, project) in fleet)
        {
            WritePlugin(Path.Combine(distinctFolder, id), id, project);
            var last = Directory.GetDirectories(Path.Combine(distinctFolder, id, "migrations")).Order(StringComparer.Ordinal).Last();
            File.AppendAllText(Path.Combine(last, "migration.sql"), $"\n-- {id}\n");
        }
        var sample = fleet.Take(PrismaPlugins).ToList();
        var copies = sample.Select(p => PrismaPeer.Prepare(p.Project, Path.Combine(work, "prisma", p.Id), server?.AdminUrl)).ToList();
        var warmCache = Path.Combine(work, "cache-warm");
        List<string> Drift(string cache, string outDir) =>
            ["Drift", "--plugins", Path.Combine(folder, "*"), "--out", Path.Combine(work, outDir), "--cache-dir", cache, .. fleet.Any(p => p.Project.IsPostgres) ? server!.RunnerArguments : []];

        Progress.Log($"fleet-drift: {plugins} plugins: filling the warm cache (not timed)");
        var ourVerdicts = new SortedSet<string>(StringComparer.Ordinal);
        var verdictsOfFill = BuildScript.Verdicts(await ours.RunAsync(Drift(warmCache, "out-fill"), cancellationToken));
        var cold = new List<double>();
        var warm = new List<double>();
        var doctorShared = new List<double>();
        var doctorDistinct = new List<double>();
        var prismaTotals = new List<double>();
        var prismaVerdicts = sample.ToDictionary(p => p.Id, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        var split = new TimeSplit();

        async Task Ours(string label, string cache, string outDir)
        {
            var run = await ours.RunAsync(Drift(cache, outDir), cancellationToken);
            split.Add($"fleet {label}", run);
            (label == "cold" ? cold : warm).Add(run.Milliseconds);
            ourVerdicts.Add(Tally(BuildScript.Verdicts(run), fleet.Count));
        }
        async Task Doctor(string plugins, string label, List<double> times, int round)
        {
            var run = await ours.RunAsync(
                ["Doctor", "--plugins", Path.Combine(plugins, "*"), "--out", Path.Combine(work, $"out-doctor-{label}-{round}"), "--no-cache", .. fleet.Any(p => p.Project.IsPostgres) ? server!.RunnerArguments : []],
                cancellationToken);
            split.Add($"Doctor {label}", run);
            times.Add(run.Milliseconds);
        }
        var steps = new List<Func<int, Task>>
        {
            async round =>
            {
                var cache = Path.Combine(work, $"cache-cold-{round}");
                await Ours("cold", cache, $"out-cold-{round}");
                WholeProcessBench.DeleteQuietly(cache);
            },
            round => Ours("warm", warmCache, $"out-warm-{round}"),
            round => Doctor(folder, "shared", doctorShared, round),
            round => Doctor(distinctFolder, "distinct", doctorDistinct, round),
            async round =>
            {
                if (prisma is null)
                {
                    return;
                }
                var total = 0.0;
                for (var i = 0; i < sample.Count; i++)
                {
                    var (run, verdict) = await prisma.DiffAsync(copies[i], cancellationToken);
                    total += run.Milliseconds;
                    prismaVerdicts[sample[i].Id].Add(verdict);
                }
                prismaTotals.Add(total);
            },
        };
        await InterleavedRounds.RunAsync("fleet-drift", runs, steps);

        var prismaMedian = prisma is null ? (double?)null : Samples.MedianOf(prismaTotals);
        var table = new TextTable("run", "median (s)", "min (s)", "max (s)", "target", "met?");
        var coldTimes = Samples.Of(cold);
        var warmTimes = Samples.Of(warm);
        table.Add(
            "ours cold (fresh --cache-dir)", TimeSplit.Seconds(coldTimes.Median), TimeSplit.Seconds(coldTimes.Min), TimeSplit.Seconds(coldTimes.Max),
            prismaMedian is { } p ? $"< Prisma on {PrismaPlugins}: {TimeSplit.Seconds(p)} s" : $"< Prisma on {PrismaPlugins}",
            prismaMedian is { } q ? DriftBenchmark.Met(coldTimes.Median < q) : "—");
        table.Add(
            "ours warm (cache filled before)", TimeSplit.Seconds(warmTimes.Median), TimeSplit.Seconds(warmTimes.Min), TimeSplit.Seconds(warmTimes.Max),
            $"< {TimeSplit.Seconds(WarmTargetMs)} s", DriftBenchmark.Met(warmTimes.Median < WarmTargetMs));
        var shared = Samples.Of(doctorShared);
        var distinct = Samples.Of(doctorDistinct);
        table.Add($"ours Doctor (--no-cache), {members.Count} histories", TimeSplit.Seconds(shared.Median), TimeSplit.Seconds(shared.Min), TimeSplit.Seconds(shared.Max), "—", "—");
        table.Add($"ours Doctor (--no-cache), {fleet.Count} distinct histories", TimeSplit.Seconds(distinct.Median), TimeSplit.Seconds(distinct.Min), TimeSplit.Seconds(distinct.Max), "—", "—");
        if (prisma is null)
        {
            table.Add($"Prisma migrate diff, {PrismaPlugins} plugins", PrismaPeer.NotInstalled);
        }
        else
        {
            var times = Samples.Of(prismaTotals);
            table.Add($"Prisma migrate diff, {PrismaPlugins} plugins, one after the other", TimeSplit.Seconds(times.Median), TimeSplit.Seconds(times.Min), TimeSplit.Seconds(times.Max), "—", "—");
        }

        var postgresCount = fleet.Count(p => p.Project.IsPostgres);
        var lines = new List<string>
        {
            $"fleet drift check: {fleet.Count} plugins ({postgresCount} exclusive-postgres, {fleet.Count - postgresCount} exclusive-sqlite) made from {members.Count} corpus histories, " +
                $"whole processes, median of {runs} round(s) (the five steps interleaved in each round)",
            table.ToString().TrimEnd(),
            "ours: ./build.sh Drift --plugins '<temp>/*' --out <temp> --cache-dir <dir> from the repository root" +
                (postgresCount > 0 ? " --postgres url --postgres-url <admin>" : "") + "; cold: a fresh, empty cache dir per run; warm: a cache dir filled by one untimed run before the rounds.",
            "plugins (the projects in turn, so plugins share histories): " +
                string.Join("; ", members.Select(m => $"{m.Name} ×{fleet.Count(p => p.Project == m)}")) +
                $" ({string.Join(", ", fleet.Select(p => p.Id))})",
        };
        lines.Add($"ours Doctor: ./build.sh Doctor --plugins '<temp>/*' --no-cache over the fleet, whose plugins share {members.Count} histories (each replayed once), " +
            "and over a copy in which a comment ends each plugin's last migration, so that each of its histories is replayed.");
        lines.AddRange(excluded.Select(e => $"left out: {e.Key}: its history does not replay as an exclusive-postgres plugin's, in a schema of its own as the plugin's role ({e.Value})"));
        if (prisma is not null)
        {
            lines.Add($"Prisma: migrate diff --exit-code on the fleet's first {PrismaPlugins} plugins, {string.Join(", ", sample.Select(p => $"{p.Id} ({p.Project.Provider})"))}, " +
                "each a whole process; the target compares ours cold with the median of their summed times.");
        }
        lines.Add($"ours says: {string.Join(" | ", ourVerdicts)} (the same in every run: {(ourVerdicts.Count == 1 ? "yes" : "NO")})");
        if (prisma is not null)
        {
            var agree = sample.All(p => prismaVerdicts[p.Id].Count == 1 && verdictsOfFill.GetValueOrDefault(p.Id) == prismaVerdicts[p.Id].Single());
            lines.Add($"Prisma says: {string.Join(", ", sample.Select(p => $"{p.Id} {string.Join(" / ", prismaVerdicts[p.Id])}"))}; " +
                $"ours on those: {string.Join(", ", sample.Select(p => verdictsOfFill.GetValueOrDefault(p.Id, "no verdict")))}; agree: {(agree ? "yes" : "NO")}");
        }
        if (server is not null)
        {
            lines.Add(server.Description);
        }
        lines.Add("");
        lines.Add("where ours spends its time (medians; the targets as the runner's closing table gives them)");
        lines.Add(split.ToString());
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Counts of verdicts over the fleet, e.g. <c>16 in step, 4 differs</c>; plugins without a verdict are counted too.</summary>
    private static string Tally(IReadOnlyDictionary<string, string> verdicts, int plugins)
    {
        var counts = verdicts.Values.GroupBy(v => v, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}").ToList();
        if (verdicts.Count < plugins)
        {
            counts.Add($"{plugins - verdicts.Count} without a verdict");
        }
        return string.Join(", ", counts);
    }

    /// <summary>
    /// The PostgreSQL histories that cannot replay as a plugin's must, in a schema of its own as the
    /// plugin's least-privileged role (a migration naming "public", or creating an extension), each with
    /// the reason: one untimed run of ours over one exclusive-postgres plugin per project, read from its
    /// report.json.
    /// </summary>
    private static async Task<Dictionary<string, string>> UnfitForPluginsAsync(IReadOnlyList<CorpusProject> projects, BuildScript ours, BenchmarkServer server, string work, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(work, "trial");
        var ids = projects.ToDictionary(p => "trial_" + Identifier(p), p => p.Name, StringComparer.Ordinal);
        foreach (var project in projects)
        {
            WritePlugin(Path.Combine(folder, "trial_" + Identifier(project)), "trial_" + Identifier(project), project);
        }
        Progress.Log($"fleet-drift: does each PostgreSQL history replay as a plugin's, in a schema of its own? ({projects.Count} plugins, not timed)");
        var output = Path.Combine(work, "out-trial");
        var run = await ours.RunAsync(["Drift", "--plugins", Path.Combine(folder, "*"), "--out", output, "--no-cache", .. server.RunnerArguments], cancellationToken);
        var reportFile = Path.Combine(output, "report.json");
        if (!File.Exists(reportFile))
        {
            throw new InvalidOperationException($"The trial run wrote no report (exit {run.ExitCode}): {run.FirstLine}");
        }
        using var report = JsonDocument.Parse(File.ReadAllText(reportFile));
        var findings = report.RootElement.GetProperty("findings").EnumerateArray().ToList();
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var plugin in report.RootElement.GetProperty("plugins").EnumerateArray())
        {
            var id = plugin.GetProperty("id").GetString()!;
            if (plugin.GetProperty("migrations").GetProperty("failed").GetInt32() > 0)
            {
                var finding = findings.FirstOrDefault(f => f.GetProperty("plugin").GetString() == id && f.GetProperty("code").GetString() == "SDB201");
                failed[ids[id]] = finding.ValueKind == JsonValueKind.Object ? Shorten(finding.GetProperty("message").GetString()!) : "a migration failed";
            }
        }
        return failed;
    }

    /// <summary>A failed migration's message down to its name and the server's error.</summary>
    private static string Shorten(string message)
    {
        var name = message.Split('`') is { Length: > 2 } parts ? parts[1] : "a migration";
        var error = message.IndexOf("SQLSTATE", StringComparison.Ordinal) is var at and >= 0 ? message[at..].Split(". ", 2)[0] : message;
        return $"{name} fails there: {error}";
    }

    private static string Identifier(CorpusProject project) => project.Name.Replace('-', '_');

    /// <summary>Ids <c>p01_anythingllm</c>…: valid as a plugin id and as a PostgreSQL schema name.</summary>
    private static string PluginId(int index, CorpusProject project) => string.Create(CultureInfo.InvariantCulture, $"p{index + 1:00}_{Identifier(project)}");

    /// <summary>A plugin folder: the project's migrations/ and schema.prisma, and a plugin.json (exclusive-postgres with schema = id, or exclusive-sqlite).</summary>
    private static void WritePlugin(string directory, string id, CorpusProject project)
    {
        CorpusProject.CopyDirectory(project.MigrationsDirectory, Path.Combine(directory, "migrations"));
        File.Copy(project.SchemaFile, Path.Combine(directory, "schema.prisma"));
        var database = project.IsPostgres
            ? $$"""{ "mode": "exclusive-postgres", "provider": "postgresql", "schema": "{{id}}", "migrations": { "directory": "migrations" }, "limits": { "storageMb": 1024, "connections": 5 } }"""
            : """{ "mode": "exclusive-sqlite", "provider": "sqlite", "migrations": { "directory": "migrations" }, "limits": { "storageMb": 1024 } }""";
        File.WriteAllText(Path.Combine(directory, "plugin.json"), $$"""
            {
              "id": "{{id}}",
              "version": "1.0.0",
              "description": "Benchmark plugin made from the {{project.Name}} corpus project.",
              "sovereign": { "schemaVersion": 2, "database": {{database}} }
            }

            """);
    }
}
