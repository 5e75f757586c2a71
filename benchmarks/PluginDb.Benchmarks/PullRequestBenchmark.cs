using System.Globalization;
using System.Text.Json;
using Npgsql;
using PluginDb.Core.Datasources;

namespace PluginDb.Benchmarks;

/// <summary>
/// What a pull request's check costs against the history under it: a plugin whose history gains one
/// migration on a branch, its base committed on <c>main</c>. Side by side in each round, whole processes:
/// <c>./build.sh Migrate</c> without a base (the history's replay, as any check makes it), with
/// <c>--base main</c> cold (an empty cache: the base is replayed, rehearsed over, and kept) and warm (the
/// base kept by an earlier check is restored), and a plain <c>psql</c> replay of the same files. The
/// subjects: a synthetic history of <c>--migrations</c> migrations (<see cref="SyntheticHistory"/>) and
/// the PostgreSQL corpus projects named by <c>--only</c>.
/// </summary>
internal static class PullRequestBenchmark
{
    /// <summary>The targets: warm under this, and cold no slower than the replay without a base by this factor.</summary>
    public const double WarmMs = 500, ColdFactor = 1.2;

    public static async Task<string> RunAsync(IReadOnlyList<string> corpora, IReadOnlyCollection<string> only, int migrations, string? adminUrl,
        Datasources.Postgres.PostgresServerOptions options, int runs, CancellationToken cancellationToken)
    {
        var build = await BuildScript.PrepareAsync(cancellationToken);
        await using var server = await BenchmarkServer.ObtainAsync(adminUrl, options, "pull-request", cancellationToken);
        var root = Directory.CreateTempSubdirectory("plugindb-pr-bench-").FullName;
        try
        {
            var synthetic = Path.Combine(root, "synthetic", "migrations");
            SyntheticHistory.Write(synthetic, migrations);
            var subjects = new List<(string Name, IReadOnlyList<string> Files, string? Change)>
            {
                ($"synthetic-{migrations}", [.. Directory.GetDirectories(synthetic).Order(StringComparer.Ordinal).Select(d => Path.Combine(d, "migration.sql"))], SyntheticHistory.Change),
            };
            subjects.AddRange(corpora.SelectMany(Directory.GetDirectories).Where(d => only.Contains(Path.GetFileName(d)))
                .Order(StringComparer.Ordinal).Select(CorpusProject.Load).Where(p => p.IsPostgres)
                .Select(p => (p.Name, p.MigrationFiles, (string?)null)));
            var table = new TextTable("history", "migrations", "psql replay", "ours, no base", "ours --base cold", "ours --base warm",
                "cold ÷ no base", $"cold ≤ {ColdFactor:0.0}×", $"warm < {WarmMs / 1000:0.0} s", "restored");
            var notes = new List<string>();
            foreach (var (name, files, change) in subjects)
            {
                Progress.Log($"pull-request: {name}");
                table.Add(await MeasureAsync(build, server, root, name, files, change, runs, notes, cancellationToken));
            }
            return string.Join(Environment.NewLine, [
                $"a pull request adding one migration, whole processes, median of {runs} round(s) (the four commands interleaved, the order rotated)",
                table.ToString().TrimEnd(),
                "ours: ./build.sh Migrate --plugins <temp>/plugins/* --fail-on never from the repository root; no base: --cache-dir <fresh>; " +
                    "--base cold: --base main --cache-dir <fresh>; --base warm: --base main --cache-dir <a dir one untimed run filled>.",
                "psql replay: the history's files, new one included, in one psql process into a fresh database (made and dropped outside the timing).",
                server.Description,
                .. notes,
                ""]);
        }
        finally
        {
            WholeProcessBench.DeleteQuietly(root);
        }
    }

    private static async Task<string[]> MeasureAsync(BuildScript build, BenchmarkServer server, string root, string name, IReadOnlyList<string> files, string? change,
        int runs, List<string> notes, CancellationToken cancellationToken)
    {
        var work = Path.Combine(root, name);
        var (_, migrations, allow) = BenchmarkPlugin.Write(work, name, files);
        var merged = change is null ? files.Take(files.Count - 1).ToList() : files;
        foreach (var file in merged)
        {
            BenchmarkGit.CopyMigration(file, migrations);
        }
        BenchmarkGit.CommitAsMain(work);
        var added = change is null ? BenchmarkGit.CopyMigration(files[^1], migrations) : Path.Combine(migrations, "29991231000000_change", "migration.sql");
        if (change is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(added)!);
            await File.WriteAllTextAsync(added, change, cancellationToken);
        }
        var all = Directory.GetDirectories(migrations).Order(StringComparer.Ordinal).Select(d => Path.Combine(d, "migration.sql")).ToList();

        var warmCache = Path.Combine(work, "warm-cache");
        await OursAsync(build, server, work, [.. allow, "--base", "main", "--cache-dir", warmCache], cancellationToken);
        var blocked = Blocked(work);
        if (blocked is not null)
        {
            notes.Add($"{name}: {blocked}; not measured.");
            return [name, all.Count.ToString(CultureInfo.InvariantCulture), "—", "—", "—", "—", "—", "—", "—", "—"];
        }
        var times = new Dictionary<string, List<double>> { ["psql"] = [], ["none"] = [], ["cold"] = [], ["warm"] = [] };
        var restored = true;
        string[] order = ["psql", "none", "cold", "warm"];
        for (var round = 0; round < runs; round++)
        {
            foreach (var which in order.Skip(round % order.Length).Concat(order.Take(round % order.Length)))
            {
                var fresh = Path.Combine(work, $"cache-{round}-{which}");
                var run = which switch
                {
                    "psql" => await PsqlAsync(server, work, all, cancellationToken),
                    "none" => await OursAsync(build, server, work, [.. allow, "--cache-dir", fresh], cancellationToken),
                    "cold" => await OursAsync(build, server, work, [.. allow, "--base", "main", "--cache-dir", fresh], cancellationToken),
                    _ => await OursAsync(build, server, work, [.. allow, "--base", "main", "--cache-dir", warmCache], cancellationToken),
                };
                if (run.ExitCode is not (0 or 1))
                {
                    throw new InvalidOperationException($"{name} ({which}) exited {run.ExitCode}: {run.FirstLine}");
                }
                restored &= which != "warm" || run.Output.Contains("restored from the history cache", StringComparison.Ordinal);
                times[which].Add(run.Milliseconds);
            }
        }
        var (psql, none, cold, warm) = (Samples.MedianOf(times["psql"]), Samples.MedianOf(times["none"]), Samples.MedianOf(times["cold"]), Samples.MedianOf(times["warm"]));
        return [name, all.Count.ToString(CultureInfo.InvariantCulture), Seconds(psql), Seconds(none), Seconds(cold), Seconds(warm),
            (cold / none).ToString("0.00", CultureInfo.InvariantCulture), cold <= ColdFactor * none ? "met" : "NOT met", warm < WarmMs ? "met" : "NOT met",
            restored ? "yes" : "NO"];
    }

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture);

    private static Task<ProcessRun> OursAsync(BuildScript build, BenchmarkServer server, string work, IReadOnlyList<string> extra, CancellationToken cancellationToken) =>
        build.RunAsync(["Migrate", "--plugins", Path.Combine(work, "plugins", "*"), "--fail-on", "never", "--out", Path.Combine(work, "out"), .. extra, .. server.RunnerArguments],
            cancellationToken);

    /// <summary>Why the plugin's history is not a pull request to measure (it does not apply as a plugin's), or null.</summary>
    private static string? Blocked(string work)
    {
        var report = Path.Combine(work, "out", "report.json");
        if (!File.Exists(report))
        {
            return "ours wrote no report";
        }
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var codes = json.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()!)
            .Where(c => c is "SDB201" or "SDB202" or "SDB510" or "SDB511" or "SDB512" or "SDB601").Distinct().ToList();
        return codes.Count == 0 ? null : "its history does not apply as a plugin's (" + string.Join(", ", codes) + ")";
    }

    private static async Task<ProcessRun> PsqlAsync(BenchmarkServer server, string work, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var database = "bench_pr_" + Guid.NewGuid().ToString("N")[..8];
        await server.ExecuteAsync($"CREATE DATABASE {PostgresIdentifiers.Quote(database)}", cancellationToken);
        try
        {
            return await ProcessRun.StartAsync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", server.UrlOf(database)], work, null, files, cancellationToken);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await server.ExecuteAsync($"DROP DATABASE IF EXISTS {PostgresIdentifiers.Quote(database)} WITH (FORCE)", CancellationToken.None);
        }
    }

}
