using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Support;

/// <summary>A fact about Linux's memory-backed folder; skipped with the reason where the machine has none.</summary>
public sealed class SharedMemoryFactAttribute : FactAttribute
{
    public SharedMemoryFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists(ThrowawayFolders.SharedMemory) || new DriveInfo(ThrowawayFolders.SharedMemory).DriveFormat != "tmpfs")
        {
            Skip = $"{ThrowawayFolders.SharedMemory} is not a tmpfs on this machine; this test needs one.";
        }
    }
}
