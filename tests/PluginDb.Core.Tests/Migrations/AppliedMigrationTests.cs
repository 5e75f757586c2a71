using PluginDb.Core.Migrations;

namespace PluginDb.Core.Tests.Migrations;

public class AppliedMigrationTests
{
    private static readonly DateTimeOffset Started = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static AppliedMigration Row(DateTimeOffset? finished, DateTimeOffset? rolledBack) =>
        new("id", new string('0', 64), finished, "01_init", null, rolledBack, Started, finished is null ? 0 : 1);

    [Fact]
    public void A_row_neither_finished_nor_rolled_back_is_failed()
    {
        Assert.True(Row(null, null).IsFailed);
        Assert.False(Row(null, null).IsApplied);
    }

    [Fact]
    public void A_rolled_back_row_is_neither_failed_nor_applied()
    {
        var row = Row(null, Started.AddMinutes(1));
        Assert.False(row.IsFailed);
        Assert.False(row.IsApplied);
        Assert.True(row.IsRolledBack);
    }

    [Fact]
    public void A_finished_row_is_applied()
    {
        Assert.True(Row(Started.AddSeconds(1), null).IsApplied);
        Assert.False(Row(Started.AddSeconds(1), null).IsFailed);
    }
}
