namespace PluginDb.Reporting.Tests;

public sealed class SummaryFileTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"summary-{Guid.NewGuid():N}.md");

    public void Dispose() => File.Delete(path);

    [Fact]
    public async Task Appends_after_earlier_steps_and_ends_each_addition_with_a_line_break()
    {
        await File.WriteAllTextAsync(path, "# Earlier step\n");

        await SummaryFile.AppendAsync(path, "## ✅ plugindb", CancellationToken.None);
        await SummaryFile.AppendAsync(path, "second\n", CancellationToken.None);

        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal("# Earlier step\n## ✅ plugindb\nsecond\n", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal((byte)'#', bytes[15]);
    }

    [Fact]
    public async Task Creates_the_file_when_it_does_not_exist_yet_without_a_byte_order_mark()
    {
        await SummaryFile.AppendAsync(path, "text", CancellationToken.None);

        Assert.Equal("text\n"u8.ToArray(), await File.ReadAllBytesAsync(path));
    }
}
