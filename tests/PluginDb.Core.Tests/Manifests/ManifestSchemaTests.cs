using Newtonsoft.Json.Linq;
using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;

namespace PluginDb.Core.Tests.Manifests;

public sealed class ManifestSchemaTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private ManifestLoadResult Load(string json) => ManifestLoader.Load(temp.Write("sample/plugin.json", json), temp.Path);

    /// <summary>Asserts the findings are exactly SDB110s at the given markers of <paramref name="json"/>, in file order.</summary>
    private ManifestLoadResult AssertSchemaFindingsAt(string json, params string[] markers)
    {
        var result = Load(json);
        Assert.All(result.Findings, f => Assert.Equal(FindingCodes.ManifestSchema.Code, f.Code));
        Assert.Equal(
            markers.Select(m => TempFolder.At(json, m)).ToArray(),
            result.Findings.Select(f => new SourcePosition(f.Line!.Value, f.Column!.Value)).ToArray());
        Assert.Null(result.Manifest);
        return result;
    }

    [Fact]
    public void The_schema_text_is_draft_07_json_with_the_manifest_properties()
    {
        var schema = JObject.Parse(PluginManifestSchema.Text);

        Assert.Equal("http://json-schema.org/draft-07/schema#", (string?)schema["$schema"]);
        Assert.Equal(new[] { "id", "sovereign" }, schema["required"]!.Values<string>());
        Assert.Null(schema["additionalProperties"]);
        Assert.False((bool)schema.SelectToken("properties.sovereign.properties.database.additionalProperties")!);
        Assert.Equal(new[] { "shared", "exclusive-sqlite", "exclusive-postgres" },
            schema.SelectToken("properties.sovereign.properties.database.properties.mode.enum")!.Values<string>());
    }

    [Fact]
    public async Task The_parsed_schema_is_loaded_once()
    {
        var first = await PluginManifestSchema.LoadAsync();

        Assert.Same(first, await PluginManifestSchema.LoadAsync());
        Assert.Contains("sovereign", first.Properties.Keys);
    }

    [Fact]
    public void Unknown_keys_at_the_top_level_and_in_sovereign_are_allowed()
    {
        var result = Load("""
            {
              "id": "sample",
              "version": "2024-01-01",
              "displayName": "Sample",
              "permissions": ["net"],
              "sovereign": { "schemaVersion": 1, "ui": { "icon": "x.svg" } }
            }
            """);

        Assert.Empty(result.Findings);
        Assert.Equal("2024-01-01", result.Manifest!.Version);
        Assert.Equal(1, result.Manifest.SchemaVersion);
    }

    [Fact]
    public void A_misspelt_key_in_the_database_section_is_SDB110_at_the_key()
    {
        var json = ManifestTestData.WithDatabase("""{ "mode": "shared", "provder": "sqlite" }""");

        var finding = Assert.Single(AssertSchemaFindingsAt(json, "\"provder\"").Findings);

        Assert.StartsWith("\"provder\" is not a property of sovereign.database; the known ones are mode, provider,", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keys_in_migrations_and_limits_are_one_finding_each()
    {
        var json = ManifestTestData.WithDatabase("""
            {
                  "mode": "shared",
                  "migrations": { "directory": "m", "dir": "m" },
                  "limits": { "storage": 1, "connections": 2, "cpu": 3 }
                }
            """);

        AssertSchemaFindingsAt(json, "\"dir\"", "\"storage\"", "\"cpu\"");
    }

    [Fact]
    public void A_mode_outside_the_enum_is_SDB110_at_the_value()
    {
        var json = ManifestTestData.WithDatabase("""{ "mode": "exclusive-mysql" }""");

        var finding = Assert.Single(AssertSchemaFindingsAt(json, "\"exclusive-mysql\"").Findings);

        Assert.Equal("sovereign.database.mode is \"exclusive-mysql\"; it must be one of \"shared\", \"exclusive-sqlite\", \"exclusive-postgres\".", finding.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_one_finding_even_where_an_enum_applies_too()
    {
        var json = ManifestTestData.WithDatabase("""{ "mode": 3 }""");

        AssertSchemaFindingsAt(json, "3 }");
    }

    [Fact]
    public void A_provider_outside_the_enum_is_SDB110()
    {
        AssertSchemaFindingsAt(ManifestTestData.WithDatabase("""{ "mode": "shared", "provider": "oracle" }"""), "\"oracle\"");
    }

    [Fact]
    public void A_string_schema_version_is_SDB110_at_the_value()
    {
        var json = """{ "id": "sample", "sovereign": { "schemaVersion": "2" } }""";

        var finding = Assert.Single(AssertSchemaFindingsAt(json, "\"2\"").Findings);

        Assert.Equal("sovereign.schemaVersion is \"2\"; it must be an integer.", finding.Message);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("0")]
    [InlineData("2.5")]
    public void A_schema_version_other_than_1_or_2_is_SDB110(string version)
    {
        AssertSchemaFindingsAt($$"""{ "id": "sample", "sovereign": { "schemaVersion": {{version}} } }""", version + " }");
    }

    [Fact]
    public void A_missing_required_property_is_SDB110_at_the_enclosing_object()
    {
        var json = ManifestTestData.WithDatabase("""{ "provider": "sqlite" }""");

        var finding = Assert.Single(AssertSchemaFindingsAt(json, "{ \"provider\"").Findings);

        Assert.Equal("sovereign.database is missing the required property \"mode\".", finding.Message);
    }

    [Fact]
    public void Missing_id_and_sovereign_are_two_findings_at_the_root()
    {
        var result = AssertSchemaFindingsAt("{\n  \"name\": \"x\"\n}", "{", "{");

        Assert.Equal(
            new[] { "plugin.json is missing the required property \"id\".", "plugin.json is missing the required property \"sovereign\"." },
            result.Findings.Select(f => f.Message).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_migrations_object_without_a_directory_is_SDB110()
    {
        AssertSchemaFindingsAt(ManifestTestData.WithDatabase("""{ "mode": "shared", "migrations": { "entryPoint": "m.js" } }"""), "{ \"entryPoint\"");
    }

    [Theory]
    [InlineData("\"Papertrail\"")]
    [InlineData("\"-papertrail\"")]
    [InlineData("\"paper trail\"")]
    [InlineData("\"\"")]
    public void An_id_that_is_not_a_sane_plugin_id_is_SDB110(string id)
    {
        AssertSchemaFindingsAt($$"""{ "id": {{id}}, "sovereign": { "schemaVersion": 2 } }""", id);
    }

    [Fact]
    public void An_id_over_100_characters_is_SDB110()
    {
        var id = "\"" + new string('a', 101) + "\"";

        AssertSchemaFindingsAt($$"""{ "id": {{id}}, "sovereign": { "schemaVersion": 2 } }""", id);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("papertrail")]
    [InlineData("0day.tools_x-y")]
    public void Sane_plugin_ids_pass(string id)
    {
        Assert.Empty(Load($$"""{ "id": "{{id}}", "sovereign": { "schemaVersion": 2 } }""").Findings);
    }

    [Fact]
    public void Extensions_are_read_and_a_name_twice_or_a_name_postgresql_cannot_have_is_SDB110_at_the_value()
    {
        var good = Load(ManifestTestData.WithDatabase("""{ "mode": "exclusive-postgres", "schema": "notes", "extensions": ["pg_trgm", "uuid-ossp"] }"""));
        Assert.Equal(["pg_trgm", "uuid-ossp"], good.Manifest!.Database.Extensions);

        var json = ManifestTestData.WithDatabase("""{ "mode": "exclusive-postgres", "schema": "notes", "extensions": ["pg_trgm", "Bad Name", "pg_trgm"] }""");
        var findings = AssertSchemaFindingsAt(json, "\"Bad Name\"", "\"pg_trgm\"]").Findings;
        Assert.Contains("sovereign.database.extensions.1 is \"Bad Name\", which is not allowed.", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("\"pg_trgm\" again; sovereign.database.extensions names each value once.", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extensions_outside_exclusive_postgres_are_SDB118()
    {
        var json = ManifestTestData.WithDatabase("""{ "mode": "exclusive-sqlite", "extensions": ["pg_trgm"] }""");

        var finding = Assert.Single(Load(json).Findings);

        Assert.Equal("SDB118", finding.Code);
        Assert.Equal(TempFolder.At(json, "["), new SourcePosition(finding.Line!.Value, finding.Column!.Value));
    }

    [Fact]
    public void A_limit_that_is_not_an_integer_is_SDB110()
    {
        AssertSchemaFindingsAt(ManifestTestData.WithDatabase("""{ "mode": "shared", "limits": { "storageMb": "1GB", "connections": 1.5 } }"""),
            "\"1GB\"", "1.5");
    }

    [Fact]
    public void A_limit_beyond_64_bits_is_one_SDB110_not_a_crash()
    {
        var json = ManifestTestData.WithDatabase("""{ "mode": "shared", "limits": { "storageMb": 99999999999999999999999 } }""");

        var finding = Assert.Single(AssertSchemaFindingsAt(json, "9999").Findings);

        Assert.Equal("sovereign.database.limits.storageMb is larger than 2147483647.", finding.Message);
    }

    [Fact]
    public void Several_violations_give_one_finding_each_in_file_order()
    {
        var json = """
            {
              "id": "Bad Id",
              "version": 3,
              "sovereign": {
                "schemaVersion": 2,
                "database": {
                  "mode": "exclusive",
                  "provider": null,
                  "limits": { "storageMb": true },
                  "extra": {}
                }
              }
            }
            """;

        var result = AssertSchemaFindingsAt(json, "\"Bad Id\"", "3,", "\"exclusive\"", "null", "true", "\"extra\"");

        Assert.All(result.Findings, f => Assert.Equal("Bad Id", f.Plugin));
    }

    [Fact]
    public void A_manifest_that_is_not_an_object_is_SDB110_at_the_start()
    {
        AssertSchemaFindingsAt("[\"id\"]", "[");
    }
}
