namespace PluginDb.Datasources.Postgres;

/// <summary>
/// Where a throwaway server keeps its files when nobody says: in memory where the machine has a
/// memory-backed folder with room for a run (Linux's <c>/dev/shm</c>), else the system's temporary folder.
/// </summary>
/// <remarks>
/// A run creates and drops a database per plugin, each some 300 files. On a disk file system a burst
/// of that slows every later <c>CREATE DATABASE</c>: ext4 looks past recently deleted inodes for a new
/// one, and a create measured 150–200 ms after a few dozen runs against 16–18 ms in memory. The server's
/// data is thrown away with it, so nothing is lost by keeping it in memory.
/// </remarks>
public static class ThrowawayFolders
{
    /// <summary>Linux's memory-backed folder, writable by every user.</summary>
    public const string SharedMemory = "/dev/shm";

    /// <summary>
    /// The room a memory-backed folder must have free: a cluster (~40 MB), the WAL the server keeps
    /// (up to <c>max_wal_size</c>, 1 GB by default) and a fleet's databases. Docker's default
    /// <c>/dev/shm</c> of 64 MB has not, and a run there keeps to the temporary folder.
    /// </summary>
    public const long RequiredFreeBytes = 2L * 1024 * 1024 * 1024;

    /// <summary><paramref name="candidate"/> if it is a memory file system (tmpfs) with <paramref name="requiredFreeBytes"/> free, else the system's temporary folder.</summary>
    public static string Root(string candidate = SharedMemory, long requiredFreeBytes = RequiredFreeBytes) =>
        IsRoomyMemoryFolder(candidate, requiredFreeBytes) ? candidate : Path.GetTempPath();

    private static bool IsRoomyMemoryFolder(string candidate, long requiredFreeBytes)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists(candidate))
        {
            return false;
        }
        try
        {
            // Format and room are the file system's that holds the folder (statfs).
            var drive = new DriveInfo(candidate);
            return drive.DriveFormat == "tmpfs" && drive.AvailableFreeSpace >= requiredFreeBytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }
}
