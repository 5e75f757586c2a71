namespace PluginDb.Core.Manifests;

/// <summary>
/// Checks a path written in plugin.json against the plugin folder. A path must stay inside the
/// folder on disk, not only on paper: a symlink inside the plugin that leads out would hand the
/// migration runner files the plugin does not own.
/// </summary>
internal static class PluginPaths
{
    /// <summary>ELOOP on Linux is 40 hops; deeper than that is a loop.</summary>
    private const int MaxLinkHops = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public static PathCheck Check(string pluginRoot, string written, bool expectDirectory)
    {
        if (Path.IsPathRooted(written) || written.StartsWith('/') || written.StartsWith('\\') || (written.Length >= 2 && written[1] == ':'))
        {
            return new PathCheck(PathProblem.Absolute, null);
        }
        // No file system names a file with a NUL in it, and the path APIs refuse such a string outright.
        if (written.Contains('\0', StringComparison.Ordinal))
        {
            return new PathCheck(PathProblem.InvalidCharacter, null);
        }
        // Both separators count: a plugin written on Windows is checked on Linux.
        var segments = written.Split('/', '\\');
        if (segments.Contains(".."))
        {
            return new PathCheck(PathProblem.ParentSegment, null);
        }

        var root = RealPath(pluginRoot);
        if (root is null)
        {
            return new PathCheck(PathProblem.Unresolvable, null);
        }
        var current = root;
        foreach (var segment in segments.Where(s => s.Length > 0 && s != "."))
        {
            var next = Path.Combine(current, segment);
            if (new FileInfo(next).LinkTarget is not null)
            {
                var resolved = RealPath(next);
                if (resolved is null)
                {
                    return new PathCheck(PathProblem.Unresolvable, null);
                }
                if (!IsInside(resolved, root))
                {
                    return new PathCheck(PathProblem.EscapesThroughLink, resolved);
                }
                next = resolved;
            }
            else if (!File.Exists(next) && !Directory.Exists(next))
            {
                return new PathCheck(PathProblem.Missing, null);
            }
            current = next;
        }

        if (expectDirectory ? Directory.Exists(current) : File.Exists(current))
        {
            return new PathCheck(PathProblem.None, current);
        }
        return new PathCheck(File.Exists(current) || Directory.Exists(current) ? PathProblem.WrongKind : PathProblem.Missing, current);
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or lies beneath it; both resolved.</summary>
    public static bool IsInside(string path, string root)
    {
        var trimmedRoot = Path.TrimEndingDirectorySeparator(root);
        return path.Equals(trimmedRoot, PathComparison)
            || path.StartsWith(trimmedRoot + Path.DirectorySeparatorChar, PathComparison);
    }

    /// <summary>
    /// The path with every symlink along it replaced by its target, as realpath(3) gives it, or
    /// null for a link loop. Components that do not exist are kept as written.
    /// </summary>
    public static string? RealPath(string path)
    {
        var hops = 0;
        return Resolve(Path.GetFullPath(path), ref hops);
    }

    private static string? Resolve(string fullPath, ref int hops)
    {
        var root = Path.GetPathRoot(fullPath)!;
        var current = root;
        foreach (var segment in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, segment);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops)
                {
                    return null;
                }
                // A relative link target is relative to the folder holding the link.
                var resolved = Resolve(Path.GetFullPath(target, current), ref hops);
                if (resolved is null)
                {
                    return null;
                }
                next = resolved;
            }
            current = next;
        }
        return current;
    }
}

internal enum PathProblem
{
    None,
    Absolute,
    ParentSegment,
    EscapesThroughLink,
    Missing,
    WrongKind,
    Unresolvable,
    InvalidCharacter,
}

/// <summary>The outcome of <see cref="PluginPaths.Check"/>; <c>Resolved</c> is where the path led, when it led anywhere.</summary>
internal sealed record PathCheck(PathProblem Problem, string? Resolved);
