using PluginDb.Benchmarks;

namespace PluginDb.Fidelity;

/// <summary>
/// One corpus project set up for both tools: a copy for ours (<c>./build.sh Drift --project</c>, with a
/// history cache of its own so that a schema edit costs no second replay) and one in the layout the
/// Prisma peer expects (<c>migrate diff --from-migrations … --to-schema … --exit-code --script</c>).
/// <see cref="CheckAsync"/> puts a schema into both and asks each.
/// </summary>
internal sealed class ProjectCheck
{
    private readonly BuildScript _ours;
    private readonly PrismaPeer _prisma;
    private readonly PrismaCopy _prismaCopy;
    private readonly string _ourCopy;
    private readonly string _work;
    private readonly IReadOnlyList<string> _postgresArguments;

    private ProjectCheck(CorpusEntry entry, string source, BuildScript ours, PrismaPeer prisma, PrismaCopy prismaCopy, string ourCopy, string work, IReadOnlyList<string> postgresArguments)
    {
        Entry = entry;
        Source = source;
        _ours = ours;
        _prisma = prisma;
        _prismaCopy = prismaCopy;
        _ourCopy = ourCopy;
        _work = work;
        _postgresArguments = postgresArguments;
    }

    public CorpusEntry Entry { get; }

    /// <summary>The extracted project: <c>migrations/</c> and <c>schema.prisma</c> or <c>schema/</c>.</summary>
    public string Source { get; }

    public bool Sqlite => !Entry.IsPostgres;

    public static ProjectCheck Prepare(CorpusEntry entry, string corpus, string work, BuildScript ours, PrismaPeer prisma, BenchmarkServer? server)
    {
        var source = Path.Combine(corpus, entry.Name);
        if (!Directory.Exists(Path.Combine(source, "migrations")))
        {
            throw new UsageException($"{source}: no migrations/ (run extract first)");
        }
        var directory = Path.Combine(work, entry.Name);
        var ourCopy = Path.Combine(directory, "ours");
        CorpusProject.CopyDirectory(Path.Combine(source, "migrations"), Path.Combine(ourCopy, "migrations"));
        var prismaCopy = PrismaPeer.Prepare(Path.Combine(source, "migrations"), SchemaPathOf(source), entry.IsPostgres, entry.Name, Path.Combine(directory, "prisma"), server?.AdminUrl);
        var check = new ProjectCheck(entry, source, ours, prisma, prismaCopy, ourCopy, directory, server?.RunnerArguments ?? []);
        check.WriteSchema(ReadSchema(source));
        return check;
    }

    /// <summary>The project's schema.prisma, or its schema folder.</summary>
    public static string SchemaPathOf(string source) =>
        File.Exists(Path.Combine(source, "schema.prisma")) ? Path.Combine(source, "schema.prisma") : Path.Combine(source, "schema");

    /// <summary>The schema's files as (name, text), in name order.</summary>
    public static IReadOnlyList<(string Name, string Text)> ReadSchema(string source)
    {
        var path = SchemaPathOf(source);
        return File.Exists(path)
            ? [("schema.prisma", File.ReadAllText(path))]
            : [.. Directory.GetFiles(path, "*.prisma").Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllText(f)))];
    }

    /// <summary>Both tools' answers for <paramref name="schema"/> against the project's history.</summary>
    public async Task<(Verdict Ours, Verdict Prisma)> CheckAsync(IReadOnlyList<(string Name, string Text)> schema, CancellationToken cancellationToken)
    {
        WriteSchema(schema);
        var oursTask = RunOursAsync(cancellationToken);
        var prismaRun = await _prisma.DiffScriptAsync(_prismaCopy, cancellationToken);
        return (await oursTask, PrismaVerdict(prismaRun));
    }

    private void WriteSchema(IReadOnlyList<(string Name, string Text)> schema)
    {
        _prismaCopy.WriteSchema(schema);
        var single = Path.Combine(_ourCopy, "schema.prisma");
        var folder = Path.Combine(_ourCopy, "schema");
        File.Delete(single);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        if (schema.Count == 1 && File.Exists(Path.Combine(Source, "schema.prisma")))
        {
            File.WriteAllText(single, schema[0].Text);
            return;
        }
        Directory.CreateDirectory(folder);
        foreach (var (name, text) in schema)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }
    }

    private async Task<Verdict> RunOursAsync(CancellationToken cancellationToken)
    {
        var output = Path.Combine(_work, "out");
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
        var run = await _ours.RunAsync(
            ["Drift", "--project", _ourCopy, "--out", output, "--cache-dir", Path.Combine(_work, "cache"), .. _postgresArguments],
            cancellationToken);
        return OurReport.Read(Path.Combine(output, "report.json"), run.ExitCode, run.Output);
    }

    internal static Verdict PrismaVerdict(ProcessRun run)
    {
        var output = string.Join('\n', run.Output.Split('\n').Where(l => !l.StartsWith("Loaded Prisma config", StringComparison.Ordinal)));
        return run.ExitCode switch
        {
            0 => new Verdict(Verdict.InStep, [], ""),
            2 => new Verdict(Verdict.Differs, PrismaScript.Parse(output), ""),
            _ when output.Contains("P3006", StringComparison.Ordinal) || output.Contains("failed to apply cleanly", StringComparison.Ordinal) =>
                new Verdict(Verdict.HistoryFails, [], FirstError(output)),
            _ => new Verdict(Verdict.Error, [], FirstError(output)),
        };
    }

    private static string FirstError(string output)
    {
        var line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("rror", StringComparison.Ordinal) || l.StartsWith('P')) ?? output.Trim();
        return line.Length > 160 ? line[..160] + "…" : line;
    }
}
