using System.Globalization;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// A data folder's <c>postmaster.pid</c>, as PostgreSQL writes it: the postmaster's process id on the
/// first line and, on the seventh, the key and id of its System V shared memory segment.
/// </summary>
internal sealed record PostmasterFile(int ProcessId, int? SharedMemoryId)
{
    /// <summary>The file's postmaster, or null where the file is gone or not yet complete.</summary>
    public static PostmasterFile? Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        return Parse(lines);
    }

    /// <summary>Reads the lines of a <c>postmaster.pid</c>.</summary>
    public static PostmasterFile? Parse(IReadOnlyList<string> lines)
    {
        if (lines.Count == 0 || !int.TryParse(lines[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
        {
            return null;
        }
        int? segment = null;
        if (lines.Count > 6 && lines[6].Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var id]
            && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            segment = parsed;
        }
        return new PostmasterFile(pid, segment);
    }

    /// <summary>Whether a process of that id runs (a zombie, a process that ended but was not waited for, does not count).</summary>
    public static bool IsAlive(int pid)
    {
        var status = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status";
        if (!OperatingSystem.IsLinux())
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
        try
        {
            return !File.ReadLines(status).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains("zombie", StringComparison.Ordinal));
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }
}
