using PluginDb.Core.Findings;
using PluginDb.Core.Health;

namespace PluginDb.Core.Tests.Health;

/// <summary>SDB602 and SDB603: a datasource's size against limits.storageMb.</summary>
public sealed class StorageLimitTests
{
    private const long Mb = 1024 * 1024;

    [Theory]
    [InlineData(0, null)]
    [InlineData(8 * Mb - 1, null)]
    [InlineData(8 * Mb, "SDB602")]
    [InlineData(10 * Mb, "SDB602")]
    [InlineData(10 * Mb + 1, "SDB603")]
    public void A_size_is_a_warning_from_80_percent_of_the_limit_and_an_error_beyond_it(long size, string? code)
    {
        var finding = StorageLimit.Check(size, 10, "notes", "plugins/notes/plugin.json", new SourcePosition(9, 24));

        Assert.Equal(code, finding?.Code);
        if (finding is not null)
        {
            Assert.Equal(("notes", "plugins/notes/plugin.json", 9, 24), (finding.Plugin, finding.File, finding.Line, finding.Column));
            Assert.Contains("of its limit of 10 MB (limits.storageMb)", finding.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_a_limit_nothing_is_checked() =>
        Assert.Null(StorageLimit.Check(long.MaxValue, null, "notes", "plugin.json", null));

    [Fact]
    public void The_message_says_the_size_and_its_share()
    {
        var finding = StorageLimit.Check(15 * Mb, 10, "notes", "plugin.json", null)!;

        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("15,728,640 bytes, 150 %", finding.Message.Replace('\u00a0', ' '), StringComparison.Ordinal);
    }
}
