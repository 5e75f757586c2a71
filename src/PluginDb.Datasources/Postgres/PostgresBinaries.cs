using System.Globalization;

namespace PluginDb.Datasources.Postgres;

/// <summary>Finds the folder of the PostgreSQL server binaries (<c>initdb</c>, <c>pg_ctl</c>, <c>postgres</c>).</summary>
public static class PostgresBinaries
{
    private static readonly string[] Required = ["initdb", "pg_ctl", "postgres"];

    /// <summary>
    /// <paramref name="configured"/> when given (and nothing else); else what <c>pg_config --bindir</c>
    /// says; else the first folder of <paramref name="searchPath"/> (the caller's PATH) that has them; else the highest version under
    /// /usr/lib/postgresql (Debian and Ubuntu keep the server off PATH). Null when none has them.
    /// </summary>
    public static async Task<string?> FindAsync(string? configured, string? searchPath, CancellationToken cancellationToken)
    {
        if (configured is not null)
        {
            return HasServer(configured) ? Path.GetFullPath(configured) : null;
        }

        if (OnPath("pg_config", searchPath) is { } pgConfig)
        {
            var bindir = await ProcessRunner.RunAsync([pgConfig, "--bindir"], null, cancellationToken);
            if (bindir.Succeeded && HasServer(bindir.Output))
            {
                return bindir.Output;
            }
        }

        if (OnPath("initdb", searchPath) is { } initdb && HasServer(Path.GetDirectoryName(initdb)!))
        {
            return Path.GetDirectoryName(initdb);
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(version => (Version: ParseMajor(Path.GetFileName(version)), Bin: Path.Combine(version, "bin")))
                .Where(candidate => candidate.Version is not null && HasServer(candidate.Bin))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Bin)
                .FirstOrDefault()
            : null;
    }

    /// <summary>The message for <see cref="PostgresBinariesNotFoundException"/>.</summary>
    public static string NotFoundMessage(string? configured) => configured is null
        ? "No PostgreSQL server binaries (initdb, pg_ctl, postgres) were found via pg_config, PATH or /usr/lib/postgresql/*/bin. Install them (e.g. apt-get install postgresql)."
        : $"No PostgreSQL server binaries (initdb, pg_ctl, postgres) were found in {configured}.";

    /// <summary>The first folder of <paramref name="searchPath"/> (a PATH value) holding <paramref name="tool"/>.</summary>
    internal static string? OnPath(string tool, string? searchPath) =>
        (searchPath ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, tool))
            .FirstOrDefault(File.Exists);

    private static bool HasServer(string folder) => Required.All(tool => File.Exists(Path.Combine(folder, tool)));

    private static int? ParseMajor(string name) =>
        int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : null;
}
