using System.Globalization;
using System.Text;
using PluginDb.Benchmarks;

namespace PluginDb.Fidelity;

/// <summary>
/// The two comparisons: each project's history against its own schema (our verdict and the objects we
/// name against Prisma's, and whether the history applies as a plugin), and generated schema edits.
/// Projects are checked two at a time; within a project, one check at a time (they share its copies).
/// </summary>
internal static class FidelityRuns
{
    private const int Parallel = 2;

    public static async Task<string> HistoriesAsync(IReadOnlyList<CorpusEntry> entries, string corpus, string work, BuildScript ours, PrismaPeer prisma,
        BenchmarkServer? server, CancellationToken cancellationToken)
    {
        var rows = await ForEachAsync(entries, async entry =>
        {
            var check = ProjectCheck.Prepare(entry, corpus, work, ours, prisma, server);
            var (our, theirs) = await check.CheckAsync(ProjectCheck.ReadSchema(check.Source), cancellationToken);
            var plugin = await PluginApply.CheckAsync(entry, check.Source, Path.Combine(work, entry.Name, "plugin"), ours, server, cancellationToken);
            var agrees = our.AgreesWith(theirs, check.Sqlite);
            var migrations = Directory.GetDirectories(Path.Combine(check.Source, "migrations")).Length;
            Progress.Log($"histories: {entry.Name}: ours {our.Outcome}, Prisma {theirs.Outcome}{(agrees ? "" : " — DISAGREE")}; as a plugin: {plugin}");
            return (entry, migrations, our, theirs, agrees, plugin);
        }, cancellationToken);

        var table = new TextTable("project", "set", "provider", "migrations", "ours", "Prisma", "agree", "as a plugin");
        var details = new StringBuilder();
        foreach (var (entry, migrations, our, theirs, agrees, plugin) in rows)
        {
            table.Add(entry.Name, entry.Set, entry.Provider, migrations.ToString(CultureInfo.InvariantCulture), our.Outcome, theirs.Outcome, agrees ? "yes" : "NO", plugin);
            if (!agrees)
            {
                details.AppendLine(CultureInfo.InvariantCulture, $"- {entry.Name}: {Verdict.Disagreement(our, theirs, !entry.IsPostgres)}");
            }
        }
        var agreed = rows.Count(r => r.agrees);
        var verdicts = rows.Count(r => r.our.Outcome == r.theirs.Outcome);
        var applies = rows.Count(r => r.plugin is PluginApply.Applies or PluginApply.EarlyFinding);
        return $"{table}\nthe verdict agrees with Prisma's on {verdicts} of {rows.Count} projects, and the objects named too on {agreed}; " +
               $"as a plugin, {applies} of {rows.Count} apply or get the early finding\n" +
               (details.Length > 0 ? "\ndisagreements:\n" + details : "");
    }

    public static async Task<string> EditsAsync(IReadOnlyList<CorpusEntry> entries, string corpus, string work, BuildScript ours, PrismaPeer prisma,
        BenchmarkServer? server, int perProject, CancellationToken cancellationToken)
    {
        var results = await ForEachAsync(entries, async entry =>
        {
            var check = ProjectCheck.Prepare(entry, corpus, work, ours, prisma, server);
            var schema = ProjectCheck.ReadSchema(check.Source);
            var offset = (int)((uint)StableHash(entry.Name) % (uint)SchemaEdits.Kinds.Count);
            var list = new List<(CorpusEntry Entry, SchemaEdit Edit, Verdict Ours, Verdict Prisma)>();
            foreach (var edit in SchemaEdits.For(schema, entry.IsPostgres, perProject, offset))
            {
                var (our, theirs) = await check.CheckAsync(edit.Files, cancellationToken);
                list.Add((entry, edit, our, theirs));
            }
            var disagreements = list.Count(r => r.Prisma.Outcome != Verdict.Error && !r.Ours.AgreesWith(r.Prisma, check.Sqlite));
            Progress.Log($"edits: {entry.Name}: {list.Count} edits, {disagreements} disagreements");
            return list;
        }, cancellationToken);

        var all = results.SelectMany(r => r).ToList();
        var valid = all.Where(r => r.Prisma.Outcome != Verdict.Error).ToList();
        var table = new TextTable("edit kind", "edits", "Prisma rejects", "verdict agrees", "objects agree");
        foreach (var kind in SchemaEdits.Kinds)
        {
            var ofKind = all.Where(r => r.Edit.Kind == kind).ToList();
            var checkedOnes = ofKind.Where(r => r.Prisma.Outcome != Verdict.Error).ToList();
            table.Add(kind, ofKind.Count.ToString(CultureInfo.InvariantCulture), (ofKind.Count - checkedOnes.Count).ToString(CultureInfo.InvariantCulture),
                checkedOnes.Count(r => r.Ours.Outcome == r.Prisma.Outcome).ToString(CultureInfo.InvariantCulture),
                checkedOnes.Count(r => r.Ours.AgreesWith(r.Prisma, !r.Entry.IsPostgres)).ToString(CultureInfo.InvariantCulture));
        }
        var details = new StringBuilder();
        foreach (var (entry, edit, our, theirs) in valid.Where(r => !r.Ours.AgreesWith(r.Prisma, !r.Entry.IsPostgres)))
        {
            details.AppendLine(CultureInfo.InvariantCulture, $"- {entry.Name} [{edit.Kind}] {edit.Description}: {Verdict.Disagreement(our, theirs, !entry.IsPostgres)}");
        }
        foreach (var (entry, edit, _, theirs) in all.Where(r => r.Prisma.Outcome == Verdict.Error))
        {
            details.AppendLine(CultureInfo.InvariantCulture, $"- {entry.Name} [{edit.Kind}] {edit.Description}: Prisma rejects it: {theirs.Detail}");
        }
        var verdicts = valid.Count(r => r.Ours.Outcome == r.Prisma.Outcome);
        var objects = valid.Count(r => r.Ours.AgreesWith(r.Prisma, !r.Entry.IsPostgres));
        return $"{table}\n{all.Count} edits on {entries.Count} projects; Prisma rejects {all.Count - valid.Count}; of the other {valid.Count}, " +
               $"the verdict agrees on {verdicts} and the named objects on {objects}\n" +
               (details.Length > 0 ? "\ndetails:\n" + details : "");
    }

    private static async Task<List<T>> ForEachAsync<T>(IReadOnlyList<CorpusEntry> entries, Func<CorpusEntry, Task<T>> work, CancellationToken cancellationToken)
    {
        var results = new T[entries.Count];
        using var gate = new SemaphoreSlim(Parallel);
        await Task.WhenAll(entries.Select(async (entry, i) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                results[i] = await work(entry);
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. results];
    }

    // string.GetHashCode differs per process; the edits a project gets must not.
    private static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked((h * 31) + c));
}
