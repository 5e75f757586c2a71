using System.IO.Enumeration;

namespace PluginDb.Core.Manifests;

/// <summary>Finds the plugin folders that <c>--plugins</c> names.</summary>
public static class PluginDiscovery
{
    private static readonly bool IgnoreCase = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS();

    private static readonly EnumerationOptions Subfolders = new()
    {
        IgnoreInaccessible = true,
        // Dot-folders are filtered by name below, as a shell does, so nothing is skipped by attribute.
        AttributesToSkip = 0,
        RecurseSubdirectories = false,
    };

    /// <summary>
    /// The plugin root folders (folders holding plugin.json), full paths in ordinal order.
    /// <paramref name="pluginsArgument"/> is, relative to <paramref name="workingDirectory"/> or
    /// absolute, one of: a plugin folder; a folder of plugin folders; a plugin.json file; or a glob
    /// whose segments may hold <c>*</c> and <c>?</c> (<c>examples/plugins/*</c>, <c>plugins/*/</c>).
    /// A glob segment matches within one folder level (<c>**</c> is the same as <c>*</c>), and
    /// does not match names starting with '.' unless it starts with '.' itself. Matches without
    /// a plugin.json are skipped. Empty when nothing matches; the caller reports that.
    /// </summary>
    public static IReadOnlyList<string> Find(string pluginsArgument, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(pluginsArgument);
        ArgumentNullException.ThrowIfNull(workingDirectory);
        if (string.IsNullOrWhiteSpace(pluginsArgument))
        {
            return [];
        }
        var baseDirectory = Path.GetFullPath(workingDirectory);
        var candidates = pluginsArgument.AsSpan().IndexOfAny('*', '?') >= 0
            ? ExpandGlob(pluginsArgument, baseDirectory)
            : FromPath(Path.GetFullPath(pluginsArgument, baseDirectory));
        return candidates
            .Select(c => Path.TrimEndingDirectorySeparator(Path.GetFullPath(c)))
            .Select(c => IsManifestFile(c) ? Path.GetDirectoryName(c)! : c)
            .Where(HoldsManifest)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static IEnumerable<string> FromPath(string path) =>
        Directory.Exists(path) && !HoldsManifest(path)
            ? Directory.EnumerateDirectories(path, "*", Subfolders)
            : [path];

    private static IEnumerable<string> ExpandGlob(string pattern, string baseDirectory)
    {
        string start;
        string rest;
        if (Path.IsPathRooted(pattern))
        {
            start = Path.GetPathRoot(pattern)!;
            rest = pattern[start.Length..];
        }
        else
        {
            start = baseDirectory;
            rest = pattern;
        }

        IEnumerable<string> matches = [start];
        foreach (var segment in rest.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries))
        {
            matches = segment.AsSpan().IndexOfAny('*', '?') < 0
                ? matches.Select(m => Path.Combine(m, segment))
                : matches.SelectMany(m => Matching(m, segment));
        }
        return matches;
    }

    private static IEnumerable<string> Matching(string folder, string segment)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }
        var expression = segment.Replace("**", "*", StringComparison.Ordinal);
        var dotAllowed = segment.StartsWith('.');
        return Directory.EnumerateFileSystemEntries(folder, "*", Subfolders).Where(entry =>
        {
            var name = Path.GetFileName(entry);
            return (dotAllowed || !name.StartsWith('.')) && FileSystemName.MatchesSimpleExpression(expression, name, IgnoreCase);
        });
    }

    private static bool IsManifestFile(string path) =>
        string.Equals(Path.GetFileName(path), ManifestLoader.ManifestFileName, StringComparison.Ordinal) && File.Exists(path);

    private static bool HoldsManifest(string folder) =>
        Directory.Exists(folder) && File.Exists(Path.Combine(folder, ManifestLoader.ManifestFileName));
}
