using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PluginDb.Benchmarks;

/// <summary>
/// The pull-request check against squawk, a static migration linter, on pull requests shaped from the
/// corpus: each PostgreSQL history's last <c>new</c> migrations are the change, the rest is merged on
/// <c>main</c>. Ours runs <c>./build.sh Migrate --base main</c> (the rehearsal over rows); squawk lints
/// the same new files. For the rule families both cover, the table counts where each flags, split by
/// whether the statement's table exists on the base, and how many of squawk's flags on existing tables
/// ours flags on the same line too. Time per pull request is whole processes.
/// </summary>
internal static partial class SquawkComparison
{
    // squawk's rules, by family; a rule not listed is out of the comparison.
    private static readonly Dictionary<string, string> SquawkFamilies = new(StringComparer.Ordinal)
    {
        ["require-concurrent-index-creation"] = "index without CONCURRENTLY",
        ["adding-required-field"] = "required column",
        ["changing-column-type"] = "type change",
        ["constraint-missing-not-valid"] = "constraint without NOT VALID",
        ["adding-foreign-key-constraint"] = "constraint without NOT VALID",
        ["ban-drop-column"] = "drop column/table",
        ["ban-drop-table"] = "drop column/table",
        ["renaming-column"] = "rename",
        ["renaming-table"] = "rename",
    };

    private static string? OurFamily(string code, string message) => code switch
    {
        "SDB403" => "index without CONCURRENTLY",
        "SDB401" when message.Contains("required column", StringComparison.Ordinal) => "required column",
        "SDB402" => "type change",
        "SDB404" => "constraint without NOT VALID",
        "SDB408" => "drop column/table",
        _ => null,
    };

    public static async Task<string> RunAsync(IReadOnlyList<string> corpora, string squawk, string? adminUrl,
        Datasources.Postgres.PostgresServerOptions options, int newCount, CancellationToken cancellationToken)
    {
        var build = await BuildScript.PrepareAsync(cancellationToken);
        await using var server = await BenchmarkServer.ObtainAsync(adminUrl, options, "squawk", cancellationToken);
        var projects = corpora.SelectMany(Directory.GetDirectories).Order(StringComparer.Ordinal)
            .Where(d => File.Exists(Path.Combine(d, "schema.prisma")) && Directory.Exists(Path.Combine(d, "migrations")))
            .Select(CorpusProject.Load).Where(p => p.IsPostgres && p.MigrationFiles.Count > newCount).ToList();
        var rows = new List<(string Family, bool Existing, bool Squawk, bool Ours)>();
        var misses = new List<string>();
        var notRehearsed = 0;
        var times = new TextTable("project", "migrations", "new", "ours (s)", "squawk (s)", "ours: in families", "squawk: in families", "rehearsed");
        foreach (var project in projects)
        {
            Progress.Log($"squawk: {project.Name}");
            var work = Directory.CreateTempSubdirectory("plugindb-squawk-").FullName;
            try
            {
                var (ours, squawked, baseTables, oursSeconds, squawkSeconds, rehearsed) = await CompareAsync(build, server, squawk, project, newCount, work, cancellationToken);
                var ourKeys = ours.Select(o => (o.File, o.Line, o.Family)).ToHashSet();
                foreach (var flag in rehearsed == "yes" ? squawked : [])
                {
                    var existing = flag.Table is { } t && baseTables.Contains(t);
                    var oursToo = ourKeys.Contains((flag.File, flag.Line, flag.Family));
                    rows.Add((flag.Family, existing, true, oursToo));
                    if (existing && !oursToo)
                    {
                        misses.Add($"  {project.Name} {flag.File}:{flag.Line} {flag.Family} ({flag.Table})");
                    }
                }
                var squawkKeys = squawked.Select(s => (s.File, s.Line, s.Family)).ToHashSet();
                foreach (var flag in ours.Where(o => rehearsed == "yes" && !squawkKeys.Contains((o.File, o.Line, o.Family))))
                {
                    rows.Add((flag.Family, true, false, true));
                }
                times.Add(project.Name, project.MigrationFiles.Count.ToString(CultureInfo.InvariantCulture), newCount.ToString(CultureInfo.InvariantCulture),
                    oursSeconds.ToString("0.00", CultureInfo.InvariantCulture), squawkSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                    ours.Count.ToString(CultureInfo.InvariantCulture), squawked.Count.ToString(CultureInfo.InvariantCulture), rehearsed);
                if (rehearsed != "yes")
                {
                    notRehearsed++;
                    continue;
                }
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        var table = new TextTable("family", "squawk on existing tables", "of those, ours too", "squawk on tables the PR creates", "ours only");
        foreach (var family in SquawkFamilies.Values.Distinct(StringComparer.Ordinal))
        {
            var of = rows.Where(r => r.Family == family).ToList();
            table.Add(family,
                of.Count(r => r.Squawk && r.Existing).ToString(CultureInfo.InvariantCulture),
                of.Count(r => r.Squawk && r.Existing && r.Ours).ToString(CultureInfo.InvariantCulture),
                of.Count(r => r.Squawk && !r.Existing).ToString(CultureInfo.InvariantCulture),
                of.Count(r => !r.Squawk && r.Ours).ToString(CultureInfo.InvariantCulture));
        }
        return string.Join(Environment.NewLine, (string[])[
            $"pull requests shaped from {projects.Count} PostgreSQL histories: the last {newCount} migrations new, the rest merged on main",
            times.ToString(),
            "",
            $"flags by rule family over the {projects.Count - notRehearsed} pull requests ours rehearsed (a flag: one statement, one family; matched by file and line); {notRehearsed} not rehearsed: the merged history does not apply as a plugin (an extension the server lacks, a reference to another schema) or failed",
            table.ToString(),
            $"ours: ./build.sh Migrate --base main --no-cache ({server.Description}); squawk {SquawkVersion(squawk)}: squawk --reporter json on the new files, default rules.",
            "existing: the statement's table is created by the merged history; 'ours too': ours flags the same line in the same family.",
            misses.Count == 0 ? "squawk flags on existing tables that ours does not: none" : "squawk flags on existing tables that ours does not:",
            .. misses,
            ""]);
    }

    private static async Task<(List<(string File, int Line, string Family)> Ours, List<(string File, int Line, string Family, string? Table)> Squawk, HashSet<string> BaseTables, double OursSeconds, double SquawkSeconds, string Rehearsed)>
        CompareAsync(BuildScript build, BenchmarkServer server, string squawk, CorpusProject project, int newCount, string work, CancellationToken cancellationToken)
    {
        var (_, migrations, allow) = BenchmarkPlugin.Write(work, project.Name, project.MigrationFiles);
        var merged = project.MigrationFiles.Take(project.MigrationFiles.Count - newCount).ToList();
        var added = project.MigrationFiles.Skip(project.MigrationFiles.Count - newCount).ToList();
        foreach (var file in merged)
        {
            BenchmarkGit.CopyMigration(file, migrations);
        }
        BenchmarkGit.CommitAsMain(work);
        var newFiles = added.Select(f => BenchmarkGit.CopyMigration(f, migrations)).ToList();

        var output = Path.Combine(work, "out");
        var ours = await build.RunAsync(["Migrate", "--plugins", Path.Combine(work, "plugins", "*"), "--base", "main", "--no-cache", "--fail-on", "never", "--out", output, .. allow, .. server.RunnerArguments], cancellationToken);
        var report = Path.Combine(output, "report.json");
        var ourFlags = new List<(string, int, string)>();
        var blocked = new List<string>();
        if (File.Exists(report))
        {
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report, cancellationToken));
            foreach (var finding in json.RootElement.GetProperty("findings").EnumerateArray())
            {
                var code = finding.GetProperty("code").GetString()!;
                if (code is "SDB201" or "SDB510" or "SDB511" or "SDB512" or "SDB601" && !blocked.Contains(code))
                {
                    blocked.Add(code);
                }
                if (OurFamily(code, finding.GetProperty("message").GetString()!) is { } family
                    && finding.TryGetProperty("file", out var file) && finding.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number)
                {
                    ourFlags.Add((Path.GetFileName(Path.GetDirectoryName(file.GetString()!)!), line.GetInt32(), family));
                }
            }
        }
        else
        {
            Progress.Log($"squawk: {project.Name}: ours wrote no report (exit {ours.ExitCode}): {ours.FirstLine}");
        }

        var linted = await ProcessRun.StartAsync(squawk, ["--reporter", "json", .. newFiles], work, null, null, cancellationToken);
        var squawkFlags = new List<(string, int, string, string?)>();
        var jsonStart = linted.Output.IndexOf('[', StringComparison.Ordinal);
        if (jsonStart >= 0)
        {
            using var json = JsonDocument.Parse(linted.Output[jsonStart..(linted.Output.LastIndexOf(']') + 1)]);
            foreach (var violation in json.RootElement.EnumerateArray())
            {
                var rule = violation.GetProperty("rule_name").GetString()!;
                if (!SquawkFamilies.TryGetValue(rule, out var family))
                {
                    continue;
                }
                var file = violation.GetProperty("file").GetString()!;
                var line = violation.GetProperty("line").GetInt32() + 1;
                var text = await File.ReadAllLinesAsync(file, cancellationToken);
                var statementLine = StatementStart(text, line);
                squawkFlags.Add((Path.GetFileName(Path.GetDirectoryName(file)!), statementLine, family, TargetTable(string.Join('\n', text.Skip(statementLine - 1)))));
            }
        }
        var baseTables = merged.SelectMany(f => CreatedTables().Matches(File.ReadAllText(f)).Select(m => m.Groups["name"].Value)).ToHashSet(StringComparer.Ordinal);
        return (ourFlags, squawkFlags, baseTables, ours.Milliseconds / 1000, linted.Milliseconds / 1000,
            blocked.Count == 0 ? "yes" : "no: " + string.Join(", ", blocked));
    }

    // squawk's line is 0-based and may point into a statement; ours is the statement's first line (1-based).
    private static int StatementStart(string[] lines, int line)
    {
        var at = Math.Clamp(line, 1, lines.Length);
        while (at > 1 && !lines[at - 2].TrimEnd().EndsWith(';') && !string.IsNullOrWhiteSpace(lines[at - 2]) && !lines[at - 2].TrimStart().StartsWith("--", StringComparison.Ordinal))
        {
            at--;
        }
        while (at <= lines.Length && (string.IsNullOrWhiteSpace(lines[at - 1]) || lines[at - 1].TrimStart().StartsWith("--", StringComparison.Ordinal)))
        {
            at++;
        }
        return at;
    }

    private static string? TargetTable(string statement) =>
        Target().Match(statement) is { Success: true } m ? m.Groups["name"].Value : null;

    private static string SquawkVersion(string squawk)
    {
        var start = new ProcessStartInfo(squawk, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var version = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return version.Replace("squawk ", string.Empty, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:(?:""[^""]+""|\w+)\.)?(?:""(?<name>[^""]+)""|(?<name>\w+))", RegexOptions.IgnoreCase)]
    private static partial Regex CreatedTables();

    [GeneratedRegex(@"^\s*(?:ALTER\s+TABLE(?:\s+IF\s+EXISTS)?(?:\s+ONLY)?|DROP\s+TABLE(?:\s+IF\s+EXISTS)?|CREATE\s+(?:UNIQUE\s+)?INDEX\b.*?\bON(?:\s+ONLY)?)\s+(?:(?:""[^""]+""|\w+)\.)?(?:""(?<name>[^""]+)""|(?<name>\w+))", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Target();
}
