using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using PluginDb.Core.Datasources;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Benchmarks;

/// <summary>
/// Whole processes side by side for each corpus project: our <c>_build Drift --project</c>, Prisma's
/// <c>migrate diff --from-migrations … --to-schema … --exit-code</c>, and a plain replay of the same
/// migration files (<c>sqlite3</c> into a temp file, or one <c>psql</c> session into a fresh database).
/// Each round runs the three once, in an order that rotates from round to round; the table holds medians.
/// </summary>
internal static partial class DriftBenchmark
{
    /// <summary>Our check may cost at most this much more than replaying the files by hand…</summary>
    public const double ReplayFactor = 1.25;

    /// <summary>…plus this, for starting a .NET process and reading the schema.</summary>
    public const double ReplayAllowanceMs = 100;

    private const string NotInstalled = "not installed";

    public static async Task<string> RunAsync(string corpus, string? adminUrl, PostgresServerOptions options, int runs, CancellationToken cancellationToken)
    {
        var (root, runner) = LocateRunner();
        var peer = Environment.GetEnvironmentVariable("PRISMA_PEER") is { Length: > 0 } p && File.Exists(Path.Combine(p, "prisma")) ? p : null;
        var projects = Directory.GetDirectories(corpus).Order(StringComparer.Ordinal).Select(Project.Load).ToList();

        PostgresServer? server = null;
        string? admin = null;
        var serverNote = "";
        if (projects.Any(x => x.Provider == "postgresql"))
        {
            if (adminUrl is null)
            {
                Progress.Log("drift: starting a PostgreSQL server (local source; not timed)");
                server = await PostgresServerFactory.StartAsync(PostgresSourceKind.Local, options, cancellationToken);
                serverNote = $"PostgreSQL {server.Version} from the local source, started for the benchmark";
            }
            admin = ToUrl(PostgresConnectionStrings.Parse(adminUrl ?? server!.AdminConnectionString));
            serverNote = serverNote.Length > 0 ? serverNote : "PostgreSQL at the given --postgres-url";
        }

        var work = Directory.CreateTempSubdirectory("plugindb-drift-bench-").FullName;
        try
        {
            var table = new TextTable("project", "provider", "migrations", "ours (s)", "Prisma (s)", "replay (s)", "speed-up vs Prisma", "target", "ours says", "Prisma says", "agree?");
            var notes = new List<string>();
            foreach (var project in projects)
            {
                var row = await MeasureAsync(project, root, runner, peer, admin, work, runs, notes, cancellationToken);
                table.Add(row);
            }
            var lines = new List<string>
            {
                $"drift check of each corpus project, whole processes, median of {runs} round(s) (the three commands interleaved in each round)",
                table.ToString().TrimEnd(),
                $"target: ours ≤ {ReplayFactor.ToString(CultureInfo.InvariantCulture)} × replay + {ReplayAllowanceMs / 1000:0.0} s. " +
                    "PostgreSQL replay: one psql session into a fresh database; creating and dropping it is outside the timing.",
            };
            if (serverNote.Length > 0)
            {
                lines.Add(serverNote);
            }
            if (peer is null)
            {
                lines.Add("Prisma: PRISMA_PEER is not set (or holds no prisma), so Prisma was not run.");
            }
            lines.AddRange(notes);
            lines.Add("");
            return string.Join(Environment.NewLine, lines);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is not worth failing the benchmark for.
            }
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static async Task<string[]> MeasureAsync(Project project, string root, string runner, string? peer, string? admin, string work, int runs, List<string> notes, CancellationToken cancellationToken)
    {
        var postgres = project.Provider == "postgresql";
        var dir = Path.Combine(work, project.Name);
        var ours = Path.Combine(dir, "ours");
        CopyDirectory(project.Directory, ours);
        var prismaProject = Path.Combine(dir, "prisma");
        PreparePrismaCopy(project, prismaProject);

        var oursTimes = new List<double>();
        var prismaTimes = new List<double>();
        var replayTimes = new List<double>();
        var oursVerdicts = new HashSet<string>(StringComparer.Ordinal);
        var prismaVerdicts = new HashSet<string>(StringComparer.Ordinal);
        var replayFailures = new HashSet<string>(StringComparer.Ordinal);

        var steps = new List<Func<int, Task>>
        {
            async round =>
            {
                List<string> args = ["Drift", "--project", ours, "--out", Path.Combine(dir, $"out-{round}")];
                if (postgres)
                {
                    args.AddRange(["--postgres", "url", "--postgres-url", admin!]);
                }
                var run = await ProcessRun.StartAsync(runner, args, root, null, null, cancellationToken);
                oursTimes.Add(run.Milliseconds);
                oursVerdicts.Add(OurVerdict(run));
            },
            async round =>
            {
                if (peer is null)
                {
                    return;
                }
                var env = new Dictionary<string, string> { ["DATABASE_URL"] = postgres ? admin! : "file:./dev.db" };
                var run = await ProcessRun.StartAsync(
                    Path.Combine(peer, "prisma"),
                    ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code"],
                    prismaProject, env, null, cancellationToken);
                prismaTimes.Add(run.Milliseconds);
                prismaVerdicts.Add(run.ExitCode switch
                {
                    0 => "in step",
                    2 => "differs",
                    var code => $"error (exit {code})",
                });
            },
            async round =>
            {
                var files = project.MigrationFiles;
                ProcessRun run;
                if (postgres)
                {
                    var database = "bench_replay_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
                    await ExecuteAsync(admin!, $"CREATE DATABASE {PostgresIdentifiers.Quote(database)}", cancellationToken);
                    try
                    {
                        var target = PostgresConnectionStrings.Parse(admin!);
                        target.Database = database;
                        run = await ProcessRun.StartAsync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", ToUrl(target)], dir, null, files, cancellationToken);
                    }
                    finally
                    {
                        NpgsqlConnection.ClearAllPools();
                        await ExecuteAsync(admin!, $"DROP DATABASE IF EXISTS {PostgresIdentifiers.Quote(database)} WITH (FORCE)", CancellationToken.None);
                    }
                }
                else
                {
                    var file = Path.Combine(dir, $"replay-{round}.db");
                    File.Delete(file);
                    run = await ProcessRun.StartAsync("sqlite3", ["-bail", file], dir, null, files, cancellationToken);
                    File.Delete(file);
                }
                replayTimes.Add(run.Milliseconds);
                if (run.ExitCode != 0)
                {
                    replayFailures.Add(FirstLine(run.Output));
                }
            },
        };

        for (var round = 0; round < runs; round++)
        {
            Progress.Log($"drift: {project.Name}: round {round + 1} of {runs}");
            for (var i = 0; i < steps.Count; i++)
            {
                // Rotate the order, so no command always runs first (cold caches) or last.
                await steps[(round + i) % steps.Count](round);
            }
        }

        var oursMedian = Samples.MedianOf(oursTimes);
        var replayMedian = Samples.MedianOf(replayTimes);
        var ourVerdict = string.Join(" / ", oursVerdicts.Order(StringComparer.Ordinal));
        var prismaVerdict = peer is null ? NotInstalled : string.Join(" / ", prismaVerdicts.Order(StringComparer.Ordinal));
        if (replayFailures.Count > 0)
        {
            notes.Add($"{project.Name}: the plain replay failed: {string.Join("; ", replayFailures)}");
        }
        var met = oursMedian <= ReplayFactor * replayMedian + ReplayAllowanceMs;
        return
        [
            project.Name,
            project.Provider,
            project.MigrationFiles.Count.ToString(CultureInfo.InvariantCulture),
            Seconds(oursMedian),
            peer is null ? NotInstalled : Seconds(Samples.MedianOf(prismaTimes)),
            Seconds(replayMedian),
            peer is null ? "—" : string.Create(CultureInfo.InvariantCulture, $"{Samples.MedianOf(prismaTimes) / oursMedian:0.0}×"),
            met ? "met" : "NOT met",
            ourVerdict,
            prismaVerdict,
            peer is null ? "—" : ourVerdict == prismaVerdict ? "yes" : "NO",
        ];
    }

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture);

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no output)";

    /// <summary>Our verdict on schema.prisma, from the run's log; 0 and 1 are both a completed check.</summary>
    private static string OurVerdict(ProcessRun run)
    {
        if (run.Output.Contains("schema.prisma is in step with", StringComparison.Ordinal))
        {
            return "in step";
        }
        if (run.Output.Contains("schema.prisma differs in", StringComparison.Ordinal))
        {
            return "differs";
        }
        return $"no verdict (exit {run.ExitCode}): {FirstLine(run.Output)}";
    }

    /// <summary>The compiled task runner, built by <c>./build.sh --help</c>.</summary>
    private static (string Root, string Runner) LocateRunner()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PluginDb.Ci.sln")))
                {
                    var runner = Path.Combine(dir.FullName, "build", "bin", "Release", "net10.0", OperatingSystem.IsWindows() ? "_build.exe" : "_build");
                    return File.Exists(runner) ? (dir.FullName, runner) : throw new UsageException($"no compiled task runner at {runner}: run ./build.sh --help once");
                }
            }
        }
        throw new UsageException("not inside the repository: the compiled task runner was not found");
    }

    /// <summary>A libpq/Prisma URL for a server address.</summary>
    private static string ToUrl(NpgsqlConnectionStringBuilder builder)
    {
        var user = Uri.EscapeDataString(builder.Username ?? "postgres");
        var password = builder.Password is { Length: > 0 } pw ? ":" + Uri.EscapeDataString(pw) : "";
        var host = builder.Host is { } h && h.Contains(':', StringComparison.Ordinal) ? $"[{h}]" : builder.Host;
        return string.Create(CultureInfo.InvariantCulture, $"postgresql://{user}{password}@{host}:{builder.Port}/{Uri.EscapeDataString(builder.Database ?? "postgres")}");
    }

    private static async Task ExecuteAsync(string url, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(PostgresConnectionStrings.Parse(url).ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var sub in Directory.GetDirectories(from))
        {
            CopyDirectory(sub, Path.Combine(to, Path.GetFileName(sub)));
        }
    }

    /// <summary>
    /// The layout Prisma 7 expects (prisma.config.ts, prisma/schema.prisma, prisma/migrations), with
    /// what Prisma 7 rejects removed from the schema: url, directUrl and shadowDatabaseUrl in the
    /// datasource and the preview feature metrics. Neither changes what Migrate compares.
    /// </summary>
    private static void PreparePrismaCopy(Project project, string to)
    {
        var prisma = Path.Combine(to, "prisma");
        CopyDirectory(Path.Combine(project.Directory, "migrations"), Path.Combine(prisma, "migrations"));
        File.WriteAllText(Path.Combine(prisma, "schema.prisma"), StripForPrisma7(File.ReadAllText(Path.Combine(project.Directory, "schema.prisma"))));
        File.WriteAllText(Path.Combine(to, "prisma.config.ts"), """
            export default {
              schema: 'prisma/schema.prisma',
              migrations: { path: 'prisma/migrations' },
              datasource: { url: process.env.DATABASE_URL! },
            }

            """);
    }

    internal static string StripForPrisma7(string schema)
    {
        var text = new StringBuilder();
        var inDatasource = false;
        foreach (var line in schema.Split('\n'))
        {
            var code = line.Split("//", 2)[0];
            if (DatasourceStart().IsMatch(code))
            {
                inDatasource = true;
            }
            else if (inDatasource && code.Contains('}', StringComparison.Ordinal))
            {
                inDatasource = false;
            }
            if (inDatasource && DatasourceUrl().IsMatch(code))
            {
                continue;
            }
            text.Append(PreviewFeatures().Replace(line, m =>
            {
                var kept = m.Groups["list"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Where(f => f != "\"metrics\"");
                return $"{m.Groups["head"].Value}[{string.Join(", ", kept)}]";
            })).Append('\n');
        }
        return text.ToString(0, text.Length - 1);
    }

    [GeneratedRegex(@"^\s*datasource\s+\w+\s*\{")]
    private static partial Regex DatasourceStart();

    [GeneratedRegex(@"^\s*(url|directUrl|shadowDatabaseUrl)\s*=")]
    private static partial Regex DatasourceUrl();

    [GeneratedRegex(@"(?<head>previewFeatures\s*=\s*)\[(?<list>[^\]]*)\]")]
    private static partial Regex PreviewFeatures();

    [GeneratedRegex(@"datasource\s+\w+\s*\{[^}]*?provider\s*=\s*""(?<provider>\w+)""", RegexOptions.Singleline)]
    private static partial Regex DatasourceProvider();

    /// <summary>A corpus project: its provider (from its schema's datasource) and migration files in order.</summary>
    private sealed record Project(string Name, string Directory, string Provider, IReadOnlyList<string> MigrationFiles)
    {
        public static Project Load(string directory)
        {
            var schema = string.Join('\n', File.ReadAllLines(Path.Combine(directory, "schema.prisma")).Select(l => l.Split("//", 2)[0]));
            var provider = DatasourceProvider().Match(schema) is { Success: true } m ? m.Groups["provider"].Value
                : throw new InvalidOperationException($"{directory}: no datasource provider in schema.prisma");
            var files = System.IO.Directory.GetDirectories(Path.Combine(directory, "migrations"))
                .Order(StringComparer.Ordinal)
                .Select(d => Path.Combine(d, "migration.sql"))
                .Where(File.Exists)
                .ToList();
            return new Project(Path.GetFileName(directory), directory, provider, files);
        }
    }

    /// <summary>One whole process, timed from its start until it exited and its output was read.</summary>
    private sealed record ProcessRun(int ExitCode, double Milliseconds, string Output)
    {
        public static async Task<ProcessRun> StartAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory,
            IReadOnlyDictionary<string, string>? environment, IReadOnlyList<string>? stdinFiles, CancellationToken cancellationToken)
        {
            var info = new ProcessStartInfo(fileName)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = stdinFiles is not null,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }
            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                info.Environment[name] = value;
            }
            var start = Stopwatch.GetTimestamp();
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            if (stdinFiles is not null)
            {
                try
                {
                    foreach (var file in stdinFiles)
                    {
                        await using var input = File.OpenRead(file);
                        await input.CopyToAsync(process.StandardInput.BaseStream, cancellationToken);
                        // A file whose last statement has no semicolon (or whose last line is a comment)
                        // would run into the next one; an empty statement is harmless to both clients.
                        await process.StandardInput.BaseStream.WriteAsync("\n;\n"u8.ToArray(), cancellationToken);
                    }
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The process stopped reading (it bailed on an error); its exit code says so.
                }
            }
            await process.WaitForExitAsync(cancellationToken);
            var output = await stdout + await stderr;
            return new ProcessRun(process.ExitCode, Stopwatch.GetElapsedTime(start).TotalMilliseconds, output);
        }
    }
}
