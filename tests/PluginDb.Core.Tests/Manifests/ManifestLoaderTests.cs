using System.Diagnostics;
using System.Text;
using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;

namespace PluginDb.Core.Tests.Manifests;

public sealed class ManifestLoaderTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private ManifestLoadResult Load(string json, string folder = "sample") =>
        ManifestLoader.Load(temp.Write($"{folder}/plugin.json", json), temp.Path);

    private ManifestLoadResult LoadBytes(byte[] bytes, string folder = "sample") =>
        ManifestLoader.Load(temp.WriteBytes($"{folder}/plugin.json", bytes), temp.Path);

    private static Finding Single(ManifestLoadResult result, FindingCode code)
    {
        var finding = Assert.Single(result.Findings);
        Assert.Equal(code.Code, finding.Code);
        Assert.Equal(code.Severity, finding.Severity);
        return finding;
    }

    private static void AssertAt(Finding finding, SourcePosition expected)
    {
        Assert.Equal(expected.Line, finding.Line);
        Assert.Equal(expected.Column, finding.Column);
    }

    [Fact]
    public void The_design_example_loads_without_findings_into_the_manifest_it_describes()
    {
        temp.CreateFolder("papertrail/migrations");
        temp.Write("papertrail/scripts/migrate.js", "// runs the migrations");

        var result = Load(ManifestTestData.Papertrail, "papertrail");

        Assert.Empty(result.Findings);
        var root = Path.Combine(temp.Path, "papertrail");
        Assert.Equal(
            new PluginManifest("papertrail", "1.4.0", 2,
                new DatabaseSection(DatabaseMode.ExclusivePostgres, DatabaseProvider.Postgresql, "papertrail",
                    new MigrationsSection("migrations", "scripts/migrate.js"), new DatabaseLimits(1024, 5)),
                root, Path.Combine(root, "plugin.json")),
            result.Manifest);
        Assert.Equal(Path.Combine(root, "migrations"), result.Manifest!.MigrationsPath);
    }

    [Fact]
    public void Positions_map_json_pointers_to_the_one_based_start_of_each_value()
    {
        temp.CreateFolder("papertrail/migrations");
        temp.Write("papertrail/scripts/migrate.js", "");

        var positions = Load(ManifestTestData.Papertrail, "papertrail").Positions;

        Assert.Equal(new SourcePosition(1, 1), positions[""]);
        Assert.Equal(new SourcePosition(2, 9), positions["/id"]);
        Assert.Equal(new SourcePosition(5, 16), positions["/sovereign"]);
        Assert.Equal(new SourcePosition(10, 17), positions["/sovereign/database/schema"]);
        Assert.Equal(new SourcePosition(11, 36), positions["/sovereign/database/migrations/directory"]);
        Assert.Equal(new SourcePosition(11, 64), positions["/sovereign/database/migrations/entryPoint"]);
        Assert.Equal(new SourcePosition(12, 53), positions["/sovereign/database/limits/connections"]);
    }

    [Fact]
    public void Columns_count_characters_not_bytes()
    {
        var json = "{\"description\": \"Zürich 🚀\", \"id\": \"sample\", \"sovereign\": {\"schemaVersion\": 2}}";

        var result = Load(json);

        Assert.Empty(result.Findings);
        Assert.Equal(TempFolder.At(json, "\"sample\""), result.Positions["/id"]);
        Assert.Equal(new SourcePosition(1, 36), result.Positions["/id"]);
    }

    [Fact]
    public void A_plugin_without_a_database_section_is_in_shared_mode()
    {
        var result = Load(ManifestTestData.WithoutDatabase());

        Assert.Empty(result.Findings);
        Assert.Same(DatabaseSection.SharedDefault, result.Manifest!.Database);
        Assert.Null(result.Manifest.Version);
    }

    [Fact]
    public void A_missing_manifest_is_SDB100_named_by_folder_and_file()
    {
        temp.CreateFolder("ghost");

        var result = ManifestLoader.Load(Path.Combine(temp.Path, "ghost", "plugin.json"), temp.Path);

        var finding = Single(result, FindingCodes.ManifestUnreadable);
        Assert.Equal("ghost/plugin.json", finding.File);
        Assert.Equal("ghost", finding.Plugin);
        Assert.Null(finding.Line);
        Assert.Null(result.Manifest);
    }

    [Fact]
    public void A_folder_named_plugin_json_is_SDB100()
    {
        temp.CreateFolder("odd/plugin.json");

        var finding = Single(ManifestLoader.Load(Path.Combine(temp.Path, "odd", "plugin.json"), temp.Path), FindingCodes.ManifestUnreadable);

        Assert.Contains("is a folder", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t\n")]
    public void An_empty_manifest_is_SDB101_at_the_start(string text)
    {
        var finding = Single(Load(text), FindingCodes.ManifestNotJson);

        AssertAt(finding, new SourcePosition(1, 1));
        Assert.Equal("sample", finding.Plugin);
        Assert.Equal("sample/plugin.json", finding.File);
    }

    [Fact]
    public void Malformed_json_is_SDB101_at_the_parsers_position()
    {
        var result = Load("{\n  \"id\": \"sample\",\n  \"version\": ,\n}");

        var finding = Single(result, FindingCodes.ManifestNotJson);
        AssertAt(finding, new SourcePosition(3, 14));
        Assert.DoesNotContain("LineNumber", finding.Message, StringComparison.Ordinal);
        Assert.Null(result.Manifest);
    }

    [Fact]
    public void A_comment_is_SDB101_where_it_starts()
    {
        var finding = Single(Load("{\n  // the id\n  \"id\": \"sample\"\n}"), FindingCodes.ManifestNotJson);

        AssertAt(finding, new SourcePosition(2, 3));
    }

    [Fact]
    public void A_trailing_comma_is_SDB101_at_the_closing_brace()
    {
        var json = "{\n  \"id\": \"sample\",\n  \"sovereign\": { \"schemaVersion\": 2 },\n}";

        var finding = Single(Load(json), FindingCodes.ManifestNotJson);

        AssertAt(finding, new SourcePosition(4, 1));
    }

    [Fact]
    public void Text_after_the_manifest_object_is_SDB101()
    {
        var finding = Single(Load("{\"id\": \"sample\", \"sovereign\": {\"schemaVersion\": 2}}\n{}"), FindingCodes.ManifestNotJson);

        AssertAt(finding, new SourcePosition(2, 1));
    }

    [Fact]
    public void A_key_given_twice_is_SDB101_at_the_second_key()
    {
        var json = "{\n  \"id\": \"sample\",\n  \"sovereign\": {\"schemaVersion\": 2},\n  \"id\": \"other\"\n}";

        var finding = Single(Load(json), FindingCodes.ManifestNotJson);

        AssertAt(finding, new SourcePosition(4, 3));
        Assert.Contains("\"id\" appears twice", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_SDB102_at_the_first_bad_byte()
    {
        var bytes = Encoding.UTF8.GetBytes("{\n  \"id\": \"sample\",\n  \"name\": \"Zü")
            .Concat(new byte[] { 0xC3, 0x28 })
            .Concat(Encoding.UTF8.GetBytes("\"\n}"))
            .ToArray();

        var finding = Single(LoadBytes(bytes), FindingCodes.ManifestEncoding);

        AssertAt(finding, new SourcePosition(3, 14));
        Assert.Contains("0xC3", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Latin1_text_is_SDB102_not_a_parse_error()
    {
        var bytes = Encoding.Latin1.GetBytes("{\"id\": \"sample\", \"name\": \"Zürich\"}");

        var finding = Single(LoadBytes(bytes), FindingCodes.ManifestEncoding);

        AssertAt(finding, new SourcePosition(1, 28));
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_accepted_and_not_counted_as_a_column()
    {
        var bytes = Encoding.UTF8.Preamble.ToArray().Concat(Encoding.UTF8.GetBytes(ManifestTestData.WithoutDatabase())).ToArray();

        var result = LoadBytes(bytes);

        Assert.Empty(result.Findings);
        Assert.Equal(new SourcePosition(2, 9), result.Positions["/id"]);
    }

    [Fact]
    public void A_50_MB_manifest_is_SDB103_without_being_read()
    {
        var path = Path.Combine(temp.CreateFolder("huge"), "plugin.json");
        using (var stream = File.Create(path))
        {
            stream.SetLength(50L * 1024 * 1024);
        }
        var clock = Stopwatch.StartNew();

        var result = ManifestLoader.Load(path, temp.Path);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        AssertAt(Single(result, FindingCodes.ManifestTooLarge), new SourcePosition(1, 1));
    }

    [Fact]
    public void A_manifest_of_exactly_the_size_cap_is_read()
    {
        var json = ManifestTestData.WithoutDatabase();
        var padded = json + new string(' ', ManifestLoader.MaxManifestBytes - Encoding.UTF8.GetByteCount(json));

        Assert.Empty(Load(padded).Findings);
    }

    [Fact]
    public void A_hundred_thousand_open_brackets_are_SDB103_at_the_first_level_too_deep()
    {
        var clock = Stopwatch.StartNew();

        var result = Load(new string('[', 100_000));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        AssertAt(Single(result, FindingCodes.ManifestTooLarge), new SourcePosition(1, ManifestLoader.MaxNestingDepth + 1));
    }

    private const string DeepPrefix = "{\"id\": \"sample\", \"sovereign\": {\"schemaVersion\": 2}, \"deep\": ";

    /// <summary>A manifest nesting <paramref name="levels"/> deep: the root object, then arrays.</summary>
    private static string Nested(int levels) => DeepPrefix + new string('[', levels - 1) + new string(']', levels - 1) + "}";

    [Fact]
    public void Nesting_up_to_the_cap_is_allowed()
    {
        Assert.Empty(Load(Nested(ManifestLoader.MaxNestingDepth)).Findings);
    }

    [Fact]
    public void Nesting_one_past_the_cap_is_SDB103_at_the_bracket_that_goes_too_deep()
    {
        var finding = Single(Load(Nested(ManifestLoader.MaxNestingDepth + 1)), FindingCodes.ManifestTooLarge);

        AssertAt(finding, new SourcePosition(1, DeepPrefix.Length + ManifestLoader.MaxNestingDepth));
    }

    [Fact]
    public void Findings_name_the_plugin_by_its_id_once_the_id_is_read()
    {
        var finding = Single(Load("{\"id\": \"papertrail\", \"sovereign\": {\"schemaVersion\": 7}}", "folder-name"), FindingCodes.ManifestSchema);

        Assert.Equal("papertrail", finding.Plugin);
        Assert.Equal("folder-name/plugin.json", finding.File);
    }

    [Fact]
    public void Findings_name_the_plugin_by_its_folder_when_the_id_is_not_a_string()
    {
        var finding = Single(Load("{\"id\": 42, \"sovereign\": {\"schemaVersion\": 2}}", "folder-name"), FindingCodes.ManifestSchema);

        Assert.Equal("folder-name", finding.Plugin);
        AssertAt(finding, new SourcePosition(1, 8));
        Assert.Equal("id is 42; it must be a string.", finding.Message);
    }

    [Fact]
    public void The_display_path_falls_back_to_the_full_path_outside_the_display_base()
    {
        var path = temp.Write("elsewhere/plugin.json", "");
        using var other = new TempFolder();

        var finding = Single(ManifestLoader.Load(path, other.Path), FindingCodes.ManifestNotJson);

        Assert.Equal(Path.GetFullPath(path).Replace('\\', '/'), finding.File);
    }
}
