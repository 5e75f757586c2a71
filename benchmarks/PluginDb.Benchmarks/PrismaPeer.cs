using System.Text;
using System.Text.RegularExpressions;

namespace PluginDb.Benchmarks;

/// <summary>
/// Prisma's own check, as a whole process: <c>prisma migrate diff --from-migrations … --to-schema …
/// --exit-code</c> with the CLI peer in <c>PRISMA_PEER</c>.
/// </summary>
internal sealed partial class PrismaPeer
{
    public const string NotInstalled = "not installed";

    private readonly string _cli;

    private PrismaPeer(string folder) => _cli = Path.Combine(folder, "prisma");

    /// <summary>The peer in <c>PRISMA_PEER</c>, or null when it is unset or holds no <c>prisma</c>.</summary>
    public static PrismaPeer? FromEnvironment() =>
        Environment.GetEnvironmentVariable("PRISMA_PEER") is { Length: > 0 } folder && File.Exists(Path.Combine(folder, "prisma"))
            ? new PrismaPeer(folder)
            : null;

    /// <summary>A working copy of <paramref name="project"/> in the layout Prisma 7 expects, checked against <paramref name="postgresAdminUrl"/> where it is a PostgreSQL one.</summary>
    public static PrismaCopy Prepare(CorpusProject project, string to, string? postgresAdminUrl) =>
        Prepare(project.MigrationsDirectory, project.SchemaFile, project.IsPostgres, project.Name, to, postgresAdminUrl);

    /// <summary>
    /// A working copy of a history and its schema (<paramref name="schema"/>: a schema.prisma file, or a
    /// folder of .prisma files) in the layout Prisma 7 expects.
    /// </summary>
    public static PrismaCopy Prepare(string migrations, string schema, bool postgres, string name, string to, string? postgresAdminUrl)
    {
        var prisma = Path.Combine(to, "prisma");
        CorpusProject.CopyDirectory(migrations, Path.Combine(prisma, "migrations"));
        var folder = Directory.Exists(schema);
        var copy = new PrismaCopy(to, postgres
            ? postgresAdminUrl ?? throw new ArgumentNullException(nameof(postgresAdminUrl), $"{name} is a PostgreSQL project")
            : "file:./dev.db", folder ? "prisma/schema" : "prisma/schema.prisma");
        copy.WriteSchema(folder
            ? Directory.GetFiles(schema, "*.prisma").Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToList()
            : [("schema.prisma", File.ReadAllText(schema))]);
        File.WriteAllText(Path.Combine(to, "prisma.config.ts"), $$"""
            export default {
              schema: '{{copy.SchemaPath}}',
              migrations: { path: 'prisma/migrations' },
              datasource: { url: process.env.DATABASE_URL! },
            }

            """);
        return copy;
    }

    /// <summary>One check; the verdict is <c>in step</c> (exit 0), <c>differs</c> (exit 2) or the error.</summary>
    public async Task<(ProcessRun Run, string Verdict)> DiffAsync(PrismaCopy copy, CancellationToken cancellationToken)
    {
        var run = await RunDiffAsync(copy, [], cancellationToken);
        return (run, run.ExitCode switch
        {
            0 => "in step",
            2 => "differs",
            var code => $"error (exit {code})",
        });
    }

    /// <summary>The check with <c>--script</c>: its exit code (0 in step, 2 differs, 1 error) and the SQL Prisma would write.</summary>
    public Task<ProcessRun> DiffScriptAsync(PrismaCopy copy, CancellationToken cancellationToken) =>
        RunDiffAsync(copy, ["--script"], cancellationToken);

    private Task<ProcessRun> RunDiffAsync(PrismaCopy copy, IReadOnlyList<string> more, CancellationToken cancellationToken) =>
        ProcessRun.StartAsync(
            _cli,
            ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", copy.SchemaPath, "--exit-code", .. more],
            copy.Directory,
            new Dictionary<string, string> { ["DATABASE_URL"] = copy.DatabaseUrl },
            null,
            cancellationToken);

    /// <summary>
    /// What Prisma 7 rejects, removed from a schema: url, directUrl and shadowDatabaseUrl in the
    /// datasource and the preview feature metrics. Neither changes what Migrate compares.
    /// </summary>
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
}
