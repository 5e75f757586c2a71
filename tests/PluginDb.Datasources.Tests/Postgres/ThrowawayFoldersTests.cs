using PluginDb.Datasources.Postgres;
using PluginDb.Datasources.Tests.Support;

namespace PluginDb.Datasources.Tests.Postgres;

public sealed class ThrowawayFoldersTests
{
    [SharedMemoryFact]
    public void A_memory_folder_with_room_is_chosen()
    {
        Assert.Equal(ThrowawayFolders.SharedMemory, ThrowawayFolders.Root(ThrowawayFolders.SharedMemory, requiredFreeBytes: 1));
    }

    [SharedMemoryFact]
    public void A_memory_folder_without_the_room_a_run_needs_gives_way_to_the_temporary_folder()
    {
        Assert.Equal(Path.GetTempPath(), ThrowawayFolders.Root(ThrowawayFolders.SharedMemory, requiredFreeBytes: long.MaxValue));
    }

    [Fact]
    public void A_folder_on_a_disk_or_no_folder_at_all_gives_the_temporary_folder()
    {
        using var root = new TempRoot();
        var onDisk = new DriveInfo(root.Path).DriveFormat != "tmpfs";

        if (onDisk)
        {
            Assert.Equal(Path.GetTempPath(), ThrowawayFolders.Root(root.Path, requiredFreeBytes: 1));
        }
        Assert.Equal(Path.GetTempPath(), ThrowawayFolders.Root(Path.Combine(root.Path, "missing"), requiredFreeBytes: 1));
    }
}
