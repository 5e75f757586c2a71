using System.Text.Json;
using PluginDb.Core.Manifests;

namespace PluginDb.Core.Tests.Manifests;

public sealed class ManifestSchemaNodeTests
{
    private static IReadOnlyList<ManifestSchemaViolation> Validate(string schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        return ManifestSchemaValidator.Validate(document.RootElement.Clone(), ManifestSchemaNode.Parse(schema));
    }

    /// <summary>The name of the one violation, or null for none.</summary>
    private static string? Violation(string schema, string json) => Validate(schema, json) switch
    {
        [] => null,
        [var only] => only.Kind.ToString(),
        var several => throw new InvalidOperationException($"{several.Count} violations."),
    };

    [Fact]
    public async Task The_embedded_schema_loads_with_every_keyword_it_uses()
    {
        var schema = await PluginManifestSchema.LoadAsync();
        var database = schema.Properties["sovereign"].Properties["database"];

        Assert.Equal(new[] { "id", "version", "sovereign" }, schema.Properties.Keys);
        Assert.Equal(new[] { "mode", "provider", "schema", "migrations", "extensions", "limits" }, database.Properties.Keys);
        Assert.True(database.Properties["extensions"].UniqueItems);
        Assert.Equal("string", database.Properties["extensions"].Items!.Type);
        Assert.False(database.AdditionalProperties);
        Assert.Equal(["mode"], database.Required);
        Assert.Equal(100, schema.Properties["id"].MaxLength);
        Assert.Equal(2147483647m, database.Properties["limits"].Properties["storageMb"].Maximum);
    }

    [Fact]
    public async Task The_plugin_id_pattern_is_matched_by_the_regex_compiled_ahead_of_time()
    {
        var schema = await PluginManifestSchema.LoadAsync();

        Assert.Same(ManifestPatterns.PluginId(), schema.Properties["id"].Pattern);
    }

    [Fact]
    public void Another_pattern_is_interpreted_with_the_same_options()
    {
        var pattern = ManifestSchemaNode.Parse("""{ "type": "string", "pattern": "^a$" }""").Pattern!;

        Assert.Equal(System.Text.RegularExpressions.RegexOptions.None, pattern.Options);
        Assert.Matches(pattern, "a\n");
    }

    [Fact]
    public void A_keyword_the_check_does_not_implement_is_refused_when_the_schema_loads()
    {
        var error = Assert.Throws<NotSupportedException>(() => ManifestSchemaNode.Parse(
            """{ "type": "object", "properties": { "mail": { "type": "string", "format": "email" } } }"""));

        Assert.Contains("/properties/mail", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"format\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "type": ["string", "null"] }""")]
    [InlineData("""{ "type": "date" }""")]
    [InlineData("""{ "additionalProperties": { "type": "string" } }""")]
    [InlineData("""{ "required": [1] }""")]
    [InlineData("""{ "minLength": -1 }""")]
    [InlineData("""{ "pattern": "[" }""")]
    public void A_supported_keyword_in_a_form_the_check_does_not_implement_is_refused(string schema)
    {
        Assert.ThrowsAny<Exception>(() => ManifestSchemaNode.Parse(schema));
    }

    [Theory]
    [InlineData("3", "TooSmall")]
    [InlineData("3.5", "TooSmall")]
    [InlineData("4", null)]
    [InlineData("9", null)]
    [InlineData("10", "TooLarge")]
    [InlineData("1e300", "TooLarge")]
    [InlineData("99999999999999999999999", "TooLarge")]
    [InlineData("-99999999999999999999999", "TooSmall")]
    public void Minimum_and_maximum_bound_numbers(string json, string? expected)
    {
        Assert.Equal(expected, Violation("""{ "type": "number", "minimum": 4, "maximum": 9 }""", json));
    }

    [Theory]
    [InlineData("2", null)]
    [InlineData("2.0", "WrongType")]
    [InlineData("2e0", "WrongType")]
    [InlineData("12", "TooLarge")]
    [InlineData("12.5", "TooLarge")]
    public void An_integer_is_written_without_fraction_or_exponent_and_bounds_are_named_before_the_type(string json, string? expected)
    {
        Assert.Equal(expected, Violation("""{ "type": "integer", "maximum": 10 }""", json));
    }

    [Theory]
    [InlineData("\"ab\"", null)]
    [InlineData("\"é\"", "TooShort")]
    [InlineData("\"😀\"", null)]
    [InlineData("\"😀a\"", "TooLong")]
    public void String_lengths_count_UTF_16_code_units(string json, string? expected)
    {
        Assert.Equal(expected, Violation("""{ "type": "string", "minLength": 2, "maxLength": 2 }""", json));
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_one_violation_however_many_keywords_it_fails()
    {
        var violations = Validate("""{ "type": "object", "required": ["a"], "enum": [{ "a": 1 }] }""", "[1]");

        Assert.Equal(ManifestSchemaViolationKind.WrongType, Assert.Single(violations).Kind);
    }

    [Fact]
    public void Missing_and_unknown_properties_are_one_violation_each_with_their_pointers()
    {
        var violations = Validate(
            """{ "type": "object", "additionalProperties": false, "required": ["a", "b"], "properties": { "a": {}, "b": {} } }""",
            """{ "x/y": 1, "z": 2 }""");

        Assert.Equal(
            new (string, string?)[] { ("", "a"), ("", "b"), ("/x~1y", "x/y"), ("/z", "z") },
            violations.Select(v => (v.Pointer, v.Property)));
        Assert.Equal(
            new[] { ManifestSchemaViolationKind.PropertyRequired, ManifestSchemaViolationKind.PropertyRequired, ManifestSchemaViolationKind.PropertyNotAllowed, ManifestSchemaViolationKind.PropertyNotAllowed },
            violations.Select(v => v.Kind));
    }
}
