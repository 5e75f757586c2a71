using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>postmaster.pid as PostgreSQL 15 writes it, and what a dead server's teardown reads from it.</summary>
public sealed class PostmasterFileTests
{
    [Fact]
    public void The_process_id_and_the_shared_memory_segment_are_read_from_their_lines()
    {
        string[] lines = ["29454", "/dev/shm/x/data", "1796644285", "55499", "/dev/shm/x", "127.0.0.1", "  1044060     98355", "ready   "];

        Assert.Equal(new PostmasterFile(29454, 98355), PostmasterFile.Parse(lines));
    }

    [Fact]
    public void A_file_still_being_written_gives_what_it_has()
    {
        Assert.Equal(new PostmasterFile(29454, null), PostmasterFile.Parse(["29454", "/dev/shm/x/data"]));
        Assert.Null(PostmasterFile.Parse([]));
        Assert.Null(PostmasterFile.Parse(["not a pid"]));
    }

    [Fact]
    public void This_process_is_alive_and_an_ended_one_is_not()
    {
        using var ended = System.Diagnostics.Process.Start("true")!;
        ended.WaitForExit();

        Assert.True(PostmasterFile.IsAlive(Environment.ProcessId));
        Assert.False(PostmasterFile.IsAlive(ended.Id));
    }
}
