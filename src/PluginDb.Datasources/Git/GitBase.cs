using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using PluginDb.Core.Migrations;

namespace PluginDb.Datasources.Git;

/// <summary>A base that cannot be read: not a git checkout, no git, or a reference git does not know.</summary>
public sealed class GitBaseException(string message) : Exception(message);

/// <summary>
/// The base of a pull request as git has it (<c>--base &lt;ref&gt;</c>): the commit a reference names,
/// and a migrations folder's migration.sql files at that commit, read from git's objects without
/// checking anything out.
/// </summary>
public sealed class GitBase
{
    private readonly string _repository;
    private readonly string _commit;

    private GitBase(string repository, string reference, string commit)
    {
        _repository = repository;
        Reference = reference;
        _commit = commit;
    }

    /// <summary>The reference as it was given (<c>origin/main</c>).</summary>
    public string Reference { get; }

    /// <summary>The commit the reference names, in full.</summary>
    public string Commit => _commit;

    /// <summary>The base of the checkout that holds <paramref name="directory"/>.</summary>
    /// <exception cref="GitBaseException">git is missing, the folder is not in a checkout, or the reference names no commit there.</exception>
    public static async Task<GitBase> OpenAsync(string directory, string reference, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        var top = await GitTextAsync(directory, cancellationToken, "rev-parse", "--show-toplevel")
            ?? throw new GitBaseException($"{directory} is not in a git checkout, so --base {reference} cannot be read.");
        var commit = await GitTextAsync(top, cancellationToken, "rev-parse", "--verify", "--quiet", "--end-of-options", reference + "^{commit}")
            ?? throw new GitBaseException(
                $"git knows no commit '{reference}' in {top}. Fetch it first (in GitHub Actions: actions/checkout with fetch-depth: 0, or git fetch origin <branch>).");
        return new GitBase(top, reference, commit);
    }

    /// <summary>Whether <paramref name="path"/> lies in this checkout.</summary>
    public bool Contains(string path) => !Relative(path).StartsWith("..", StringComparison.Ordinal);

    /// <summary>
    /// The migrations of each of <paramref name="migrationsDirectories"/> (folders of the checkout) at the
    /// base, read with one <c>ls-tree</c> and one <c>cat-file --batch</c> for all of them; a folder that did
    /// not exist there has none.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<BaseMigration>>> MigrationsAsync(IReadOnlyList<string> migrationsDirectories, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrationsDirectories);
        var folders = migrationsDirectories.Distinct(StringComparer.Ordinal).ToDictionary(d => d, d => Relative(d), StringComparer.Ordinal);
        if (folders.FirstOrDefault(f => f.Value.StartsWith("..", StringComparison.Ordinal)) is { Key: { } outside })
        {
            throw new GitBaseException($"{outside} is outside the checkout {_repository}.");
        }
        var found = folders.Keys.ToDictionary(d => d, _ => new List<(string Name, string Id)>(), StringComparer.Ordinal);
        if (folders.Count > 0)
        {
            var listing = await GitAsync(_repository, null, cancellationToken, ["ls-tree", "-r", "-z", "--full-tree", _commit, "--", .. folders.Values.Select(r => r + "/")])
                ?? throw new GitBaseException($"git could not list the migrations at {Reference}.");
            // "<mode> blob <id>\t<path>", one per NUL; a migration is <folder>/<name>/migration.sql.
            foreach (var entry in Encoding.UTF8.GetString(listing).Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                var tab = entry.IndexOf('\t', StringComparison.Ordinal);
                var parts = entry[..tab].Split(' ');
                var path = entry[(tab + 1)..];
                var slash = path.LastIndexOf('/', path.Length - "/migration.sql".Length - 1);
                if (parts[1] == "blob" && path.EndsWith("/migration.sql", StringComparison.Ordinal) && slash > 0
                    && folders.FirstOrDefault(f => f.Value == path[..slash]) is { Key: { } folder })
                {
                    found[folder].Add((path[(slash + 1)..^"/migration.sql".Length], parts[2]));
                }
            }
        }
        var blobs = found.SelectMany(f => f.Value).ToList();
        var contents = blobs.Count == 0 ? [] : await GitAsync(_repository, Encoding.UTF8.GetBytes(string.Concat(blobs.Select(b => b.Id + "\n"))), cancellationToken, "cat-file", "--batch")
            ?? throw new GitBaseException($"git could not read the migrations at {Reference}.");
        // The batch answers in the order asked: each folder's migrations follow one another.
        var read = ReadBatch(contents, blobs);
        var migrations = new Dictionary<string, IReadOnlyList<BaseMigration>>(StringComparer.Ordinal);
        var at = 0;
        foreach (var (folder, names) in found)
        {
            migrations[folder] = read.GetRange(at, names.Count);
            at += names.Count;
        }
        return migrations;
    }

    private string Relative(string path) => Path.GetRelativePath(_repository, Path.GetFullPath(path)).Replace('\\', '/');

    // cat-file --batch answers each id with "<id> blob <size>\n<size bytes>\n".
    private static List<BaseMigration> ReadBatch(byte[] output, List<(string Name, string Id)> blobs)
    {
        var migrations = new List<BaseMigration>(blobs.Count);
        var at = 0;
        foreach (var (name, _) in blobs)
        {
            var headerEnd = Array.IndexOf(output, (byte)'\n', at);
            var header = Encoding.ASCII.GetString(output, at, headerEnd - at).Split(' ');
            var size = int.Parse(header[2], NumberStyles.None, CultureInfo.InvariantCulture);
            var bytes = output.AsSpan(headerEnd + 1, size).ToArray();
            migrations.Add(new BaseMigration(name, MigrationChecksum.DecodeScript(bytes)));
            at = headerEnd + 1 + size + 1;
        }
        return migrations;
    }

    private static async Task<string?> GitTextAsync(string directory, CancellationToken cancellationToken, params string[] arguments) =>
        await GitAsync(directory, null, cancellationToken, arguments) is { } output ? Encoding.UTF8.GetString(output).Trim() : null;

    /// <summary>git's standard output, or null where git failed.</summary>
    private static async Task<byte[]?> GitAsync(string directory, byte[]? input, CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new GitBaseException("git could not be started.");
        }
        catch (Win32Exception exception)
        {
            throw new GitBaseException($"git could not be started ({exception.Message}); --base needs git on the PATH.");
        }
        using (process)
        {
            var output = new MemoryStream();
            var reading = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            if (input is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(input, cancellationToken).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            await reading.ConfigureAwait(false);
            await errors.ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode == 0 ? output.ToArray() : null;
        }
    }
}
