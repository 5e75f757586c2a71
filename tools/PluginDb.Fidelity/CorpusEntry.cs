namespace PluginDb.Fidelity;

/// <summary>
/// One project of the differential corpus, as <c>corpus.tsv</c> records it: where its history and its
/// schema are (<see cref="Schema"/> is a schema.prisma file or a folder of .prisma files), and whether it
/// is checked while rules are written (<c>tune</c>) or set aside to check them against (<c>holdout</c>).
/// </summary>
internal sealed record CorpusEntry(string Name, string Repository, string Commit, string Migrations, string Schema, string Provider, string Set)
{
    public bool IsPostgres => Provider == "postgresql";

    /// <summary>The entries of <c>corpus.tsv</c>; lines starting with '#' and the header are skipped.</summary>
    public static IReadOnlyList<CorpusEntry> Load(string path)
    {
        var entries = new List<CorpusEntry>();
        foreach (var (line, number) in File.ReadLines(path).Select((l, i) => (l, i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("name\t", StringComparison.Ordinal))
            {
                continue;
            }
            var cells = line.Split('\t');
            if (cells.Length != 7 || cells[2].Length != 40 || cells[5] is not ("postgresql" or "sqlite") || cells[6] is not ("tune" or "holdout"))
            {
                throw new InvalidDataException($"{path}:{number}: expected name, repository, 40-hex commit, migrations, schema, postgresql|sqlite, tune|holdout.");
            }
            entries.Add(new CorpusEntry(cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]));
        }
        return entries;
    }

    /// <summary>The list beside the program, as built from the repository.</summary>
    public static string DefaultList => Path.Combine(AppContext.BaseDirectory, "corpus.tsv");

    /// <summary>The entries named in <paramref name="only"/> (comma-separated; all when null) of <paramref name="set"/> (tune, holdout or all).</summary>
    public static IReadOnlyList<CorpusEntry> Select(IReadOnlyList<CorpusEntry> entries, string? only, string set)
    {
        var names = only?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        if (names?.FirstOrDefault(n => entries.All(e => e.Name != n)) is { } unknown)
        {
            throw new Benchmarks.UsageException($"--only: no corpus project is named '{unknown}'");
        }
        return [.. entries.Where(e => (names is null || names.Contains(e.Name)) && (set == "all" || e.Set == set))];
    }
}
