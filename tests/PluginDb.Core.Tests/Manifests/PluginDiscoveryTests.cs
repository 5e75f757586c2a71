using PluginDb.Core.Manifests;

namespace PluginDb.Core.Tests.Manifests;

public sealed class PluginDiscoveryTests : IDisposable
{
    private readonly TempFolder temp = new();

    public PluginDiscoveryTests()
    {
        temp.Write("examples/plugins/papertrail/plugin.json", "{}");
        temp.Write("examples/plugins/ledger/plugin.json", "{}");
        temp.Write("examples/plugins/Zeta/plugin.json", "{}");
        temp.CreateFolder("examples/plugins/not-a-plugin");
        temp.Write("examples/plugins/.hidden/plugin.json", "{}");
        temp.Write("examples/plugins/README.md", "# plugins");
    }

    public void Dispose() => temp.Dispose();

    private string[] Expected(params string[] relative) =>
        relative.Select(r => Path.Combine(temp.Path, r)).ToArray();

    [Fact]
    public void A_plugin_folder_is_that_one_plugin()
    {
        Assert.Equal(Expected("examples/plugins/ledger"), PluginDiscovery.Find("examples/plugins/ledger", temp.Path));
    }

    [Fact]
    public void A_plugin_json_file_is_its_folder()
    {
        Assert.Equal(Expected("examples/plugins/ledger"), PluginDiscovery.Find("examples/plugins/ledger/plugin.json", temp.Path));
    }

    [Fact]
    public void A_folder_of_plugins_is_every_subfolder_with_a_manifest_in_ordinal_order()
    {
        var expected = Expected("examples/plugins/.hidden", "examples/plugins/Zeta", "examples/plugins/ledger", "examples/plugins/papertrail");

        Assert.Equal(expected, PluginDiscovery.Find("examples/plugins", temp.Path));
        Assert.Equal(expected, PluginDiscovery.Find("examples/plugins/", temp.Path));
    }

    [Theory]
    [InlineData("examples/plugins/*")]
    [InlineData("examples/plugins/*/")]
    [InlineData("examples/*/*")]
    [InlineData("examples/plugins/*/plugin.json")]
    [InlineData("./examples/plugins/**")]
    public void A_glob_matches_plugin_folders_and_skips_files_folders_without_a_manifest_and_dot_folders(string glob)
    {
        Assert.Equal(
            Expected("examples/plugins/Zeta", "examples/plugins/ledger", "examples/plugins/papertrail"),
            PluginDiscovery.Find(glob, temp.Path));
    }

    [Fact]
    public void A_question_mark_matches_one_character()
    {
        Assert.Equal(Expected("examples/plugins/ledger"), PluginDiscovery.Find("examples/plugins/l?dger", temp.Path));
    }

    [Fact]
    public void A_glob_segment_starting_with_a_dot_matches_dot_folders()
    {
        Assert.Equal(Expected("examples/plugins/.hidden"), PluginDiscovery.Find("examples/plugins/.h*", temp.Path));
    }

    [Fact]
    public void An_absolute_glob_ignores_the_working_directory()
    {
        using var elsewhere = new TempFolder();

        var found = PluginDiscovery.Find(Path.Combine(temp.Path, "examples", "plugins", "p*"), elsewhere.Path);

        Assert.Equal(Expected("examples/plugins/papertrail"), found);
    }

    [Fact]
    public void An_absolute_folder_ignores_the_working_directory()
    {
        using var elsewhere = new TempFolder();

        Assert.Equal(Expected("examples/plugins/ledger"), PluginDiscovery.Find(Path.Combine(temp.Path, "examples/plugins/ledger"), elsewhere.Path));
    }

    [Fact]
    public void A_relative_working_directory_is_resolved()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, temp.Path);

        Assert.Equal(Expected("examples/plugins/ledger"), PluginDiscovery.Find("examples/plugins/led*", relative));
    }

    [Theory]
    [InlineData("")]
    [InlineData("missing")]
    [InlineData("missing/*")]
    [InlineData("examples/plugins/none-*")]
    [InlineData("examples/plugins/README.md")]
    [InlineData("examples/plugins/not-a-plugin")]
    public void Nothing_matching_is_an_empty_list(string argument)
    {
        Assert.Empty(PluginDiscovery.Find(argument, temp.Path));
    }
}
