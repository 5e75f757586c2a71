
namespace PluginDb.Core.Tests;

public sealed class DisplayPathTests
{
    [Theory]
    [InlineData("examples/plugins/notes/plugin.json", true)]
    [InlineData("plugin.json", true)]
    [InlineData("/home/runner/elsewhere/plugin.json", false)]
    [InlineData("C:/src/plugin.json", false)]
    [InlineData("", false)]
    public void Only_paths_beneath_the_base_folder_are_relative(string shown, bool relative)
    {
        Assert.Equal(relative, DisplayPath.IsRelative(shown));
    }

    [Fact]
    public void A_path_outside_the_base_folder_is_shown_in_full_and_so_is_not_relative()
    {
        var baseDirectory = Path.Combine(Path.GetTempPath(), "plugindb-base");

        Assert.True(DisplayPath.IsRelative(DisplayPath.Of(Path.Combine(baseDirectory, "a", "plugin.json"), baseDirectory)));
        Assert.False(DisplayPath.IsRelative(DisplayPath.Of(Path.Combine(Path.GetTempPath(), "other", "plugin.json"), baseDirectory)));
    }
}
