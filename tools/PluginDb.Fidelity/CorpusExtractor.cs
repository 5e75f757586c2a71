using PluginDb.Benchmarks;

namespace PluginDb.Fidelity;

/// <summary>
/// Brings each corpus project's history and schema, as they are at the recorded commit, into
/// <c>&lt;into&gt;/&lt;name&gt;/</c>: <c>migrations/</c> (the whole folder) and <c>schema.prisma</c>, or
/// <c>schema/</c> with every .prisma file of a schema folder. The files come from a git clone: a bare one
/// in <c>--mirrors</c> (<c>owner+name</c>, holding <c>repo/</c> or <c>repo/.git</c>), else a clone this
/// command makes from GitHub into <c>&lt;into&gt;/.git-cache/</c>. Nothing of a project's files is kept in
/// this repository.
/// </summary>
internal static class CorpusExtractor
{
    public static async Task<string> ExtractAsync(IReadOnlyList<CorpusEntry> entries, string into, string? mirrors, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(into);
        var table = new TextTable("project", "provider", "migrations", "schema files", "from");
        foreach (var entry in entries)
        {
            var (gitDirectory, origin) = await GitDirectoryAsync(entry, into, mirrors, cancellationToken);
            var target = Path.Combine(into, entry.Name);
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
            var unpacked = Path.Combine(into, ".unpack-" + entry.Name);
            if (Directory.Exists(unpacked))
            {
                Directory.Delete(unpacked, recursive: true);
            }
            Directory.CreateDirectory(unpacked);
            var archive = unpacked + ".tar";
            await GitAsync(gitDirectory, cancellationToken, "archive", "--format=tar", "-o", archive, entry.Commit, "--", entry.Migrations, entry.Schema);
            await RunAsync("tar", ["-xf", archive, "-C", unpacked], cancellationToken);
            File.Delete(archive);

            Directory.CreateDirectory(target);
            Directory.Move(Path.Combine(unpacked, entry.Migrations), Path.Combine(target, "migrations"));
            var schema = Path.Combine(unpacked, entry.Schema);
            int files;
            if (File.Exists(schema))
            {
                File.Move(schema, Path.Combine(target, "schema.prisma"));
                files = 1;
            }
            else
            {
                // A schema folder: its .prisma files, from any depth, side by side (names are unique in the corpus).
                var folder = Directory.CreateDirectory(Path.Combine(target, "schema")).FullName;
                var prismaFiles = Directory.GetFiles(schema, "*.prisma", SearchOption.AllDirectories);
                foreach (var file in prismaFiles)
                {
                    File.Move(file, Path.Combine(folder, Path.GetFileName(file)));
                }
                files = prismaFiles.Length;
            }
            Directory.Delete(unpacked, recursive: true);
            var migrations = Directory.GetDirectories(Path.Combine(target, "migrations")).Count(d => File.Exists(Path.Combine(d, "migration.sql")));
            File.WriteAllText(Path.Combine(target, "SOURCE.txt"),
                $"repository: {entry.Repository}\ncommit: {entry.Commit}\nmigrations: {entry.Migrations}\nschema: {entry.Schema}\nprovider: {entry.Provider}\n");
            table.Add(entry.Name, entry.Provider, migrations.ToString(System.Globalization.CultureInfo.InvariantCulture), files.ToString(System.Globalization.CultureInfo.InvariantCulture), origin);
            Progress.Log($"extract: {entry.Name}: {migrations} migrations");
        }
        return $"{entries.Count} projects extracted into {into}\n\n{table}";
    }

    private static async Task<(string GitDirectory, string Origin)> GitDirectoryAsync(CorpusEntry entry, string into, string? mirrors, CancellationToken cancellationToken)
    {
        var slug = entry.Repository.Replace('/', '+');
        if (mirrors is not null)
        {
            foreach (var candidate in new[] { Path.Combine(mirrors, slug, "repo", ".git"), Path.Combine(mirrors, slug, "repo"), Path.Combine(mirrors, slug) })
            {
                if (File.Exists(Path.Combine(candidate, "HEAD")))
                {
                    return (candidate, "mirror");
                }
            }
        }
        var clone = Path.Combine(into, ".git-cache", slug + ".git");
        if (!File.Exists(Path.Combine(clone, "HEAD")))
        {
            Progress.Log($"extract: {entry.Name}: cloning {entry.Repository} (no blobs until needed)");
            await RunAsync("git", ["clone", "--bare", "--filter=blob:none", $"https://github.com/{entry.Repository}.git", clone], cancellationToken);
        }
        if ((await TryGitAsync(clone, cancellationToken, "cat-file", "-e", entry.Commit + "^{commit}")).ExitCode != 0)
        {
            await GitAsync(clone, cancellationToken, "fetch", "--filter=blob:none", "origin", entry.Commit);
        }
        return (clone, "clone");
    }

    private static async Task GitAsync(string gitDirectory, CancellationToken cancellationToken, params string[] arguments)
    {
        var run = await TryGitAsync(gitDirectory, cancellationToken, arguments);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} (in {gitDirectory}) failed: {run.FirstLine}");
        }
    }

    private static Task<ProcessRun> TryGitAsync(string gitDirectory, CancellationToken cancellationToken, params string[] arguments) =>
        ProcessRun.StartAsync("git", ["--git-dir", gitDirectory, .. arguments], Directory.GetCurrentDirectory(), null, null, cancellationToken);

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var run = await ProcessRun.StartAsync(program, arguments, Directory.GetCurrentDirectory(), null, null, cancellationToken);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {run.FirstLine}");
        }
    }
}
