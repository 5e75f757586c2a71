namespace PluginDb.Core;

/// <summary>Paths as findings and reports show them: relative to a base folder, with '/' separators.</summary>
public static class DisplayPath
{
    /// <summary>
    /// <paramref name="path"/> relative to <paramref name="baseDirectory"/> when it lies beneath it,
    /// else the full path; always with forward slashes, as GitHub's annotations expect.
    /// </summary>
    public static string Of(string path, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(Path.GetFullPath(baseDirectory), full);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
        return shown.Replace('\\', '/');
    }

    /// <summary>
    /// Whether a path as <see cref="Of"/> shows it lies beneath the base folder: a file outside it keeps its
    /// full path, has no place in the repository, and so gets no link, annotation or relative location.
    /// </summary>
    public static bool IsRelative(string shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        return shown.Length > 0 && !shown.StartsWith('/') && !(shown.Length > 1 && shown[1] == ':');
    }
}
