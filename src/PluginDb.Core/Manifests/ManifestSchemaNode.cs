using System.Text.Json;
using System.Text.RegularExpressions;

namespace PluginDb.Core.Manifests;

/// <summary>
/// One schema of plugin.schema.json (the whole file or a property's), read with exactly the JSON
/// Schema keywords that file uses. Any other keyword is refused when the schema loads, so a keyword
/// added to the file cannot be silently ignored by the check.
/// </summary>
public sealed class ManifestSchemaNode
{
    /// <summary>The keywords that only describe; they do not constrain a value.</summary>
    private static readonly string[] Annotations = ["$schema", "$id", "title", "description"];

    private static readonly string[] Constraints =
        ["type", "properties", "required", "additionalProperties", "enum", "minLength", "maxLength", "pattern", "minimum", "maximum", "items", "uniqueItems"];

    private static readonly string[] TypeNames = ["object", "array", "string", "integer", "number", "boolean", "null"];

    private ManifestSchemaNode()
    {
    }

    /// <summary>The schemas of the named properties, in the order the schema lists them.</summary>
    public IReadOnlyDictionary<string, ManifestSchemaNode> Properties { get; private init; } = new OrderedDictionary<string, ManifestSchemaNode>(StringComparer.Ordinal);

    internal string? Type { get; private init; }

    internal string? Description { get; private init; }

    internal IReadOnlyList<string> Required { get; private init; } = [];

    internal bool AdditionalProperties { get; private init; } = true;

    /// <summary>The allowed values, or null when any value is (no <c>enum</c> keyword).</summary>
    internal JsonElement[]? Enum { get; private init; }

    internal int? MinLength { get; private init; }

    internal int? MaxLength { get; private init; }

    internal Regex? Pattern { get; private init; }

    internal decimal? Minimum { get; private init; }

    internal decimal? Maximum { get; private init; }

    /// <summary>The schema every element of an array value must match, or null for any.</summary>
    internal ManifestSchemaNode? Items { get; private init; }

    /// <summary>Whether no two elements of an array value may be equal.</summary>
    internal bool UniqueItems { get; private init; }

    /// <summary>Reads a schema; throws <see cref="NotSupportedException"/> for a keyword the check does not implement.</summary>
    public static ManifestSchemaNode Parse(string schemaJson)
    {
        using var document = JsonDocument.Parse(schemaJson);
        // A clone outlives the document, so enum values can be kept.
        return Read(document.RootElement.Clone(), "");
    }

    // Loops rather than LINQ over JsonElement: each generic instantiation over a struct is compiled
    // at start-up (ReadyToRun cannot hold it), and this runs on every call of the tool.
    private static ManifestSchemaNode Read(JsonElement schema, string pointer)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw Unsupported(pointer, "is not an object; only object schemas are supported");
        }
        foreach (var keyword in schema.EnumerateObject())
        {
            if (Array.IndexOf(Annotations, keyword.Name) < 0 && Array.IndexOf(Constraints, keyword.Name) < 0)
            {
                throw Unsupported(pointer, $"uses the keyword \"{keyword.Name}\", which the manifest check does not implement " +
                    $"(it implements {string.Join(", ", Constraints)})");
            }
        }

        var properties = new OrderedDictionary<string, ManifestSchemaNode>(StringComparer.Ordinal);
        if (Optional(schema, "properties", JsonValueKind.Object, pointer) is { } declared)
        {
            foreach (var property in declared.EnumerateObject())
            {
                properties.Add(property.Name, Read(property.Value, pointer + "/properties/" + ManifestJson.EscapeSegment(property.Name)));
            }
        }
        var required = new List<string>();
        if (Optional(schema, "required", JsonValueKind.Array, pointer) is { } names)
        {
            foreach (var name in names.EnumerateArray())
            {
                required.Add(name.ValueKind == JsonValueKind.String ? name.GetString()! : throw Unsupported(pointer + "/required", "holds a value that is not a property name"));
            }
        }
        var type = Optional(schema, "type", JsonValueKind.String, pointer)?.GetString();
        if (type is not null && Array.IndexOf(TypeNames, type) < 0)
        {
            throw Unsupported(pointer + "/type", $"names the unknown type \"{type}\"");
        }

        return new ManifestSchemaNode
        {
            Type = type,
            Description = Optional(schema, "description", JsonValueKind.String, pointer)?.GetString(),
            Properties = properties,
            Required = required,
            AdditionalProperties = Optional(schema, "additionalProperties", JsonValueKind.False, pointer) is null,
            Enum = Optional(schema, "enum", JsonValueKind.Array, pointer) is { } values ? Elements(values) : null,
            MinLength = Length(schema, "minLength", pointer),
            MaxLength = Length(schema, "maxLength", pointer),
            Pattern = Optional(schema, "pattern", JsonValueKind.String, pointer) is { } pattern ? ManifestPatterns.For(pattern.GetString()!) : null,
            Minimum = Optional(schema, "minimum", JsonValueKind.Number, pointer)?.GetDecimal(),
            Maximum = Optional(schema, "maximum", JsonValueKind.Number, pointer)?.GetDecimal(),
            Items = Optional(schema, "items", JsonValueKind.Object, pointer) is { } items ? Read(items, pointer + "/items") : null,
            UniqueItems = Optional(schema, "uniqueItems", JsonValueKind.True, pointer) is not null,
        };
    }

    private static JsonElement[] Elements(JsonElement array)
    {
        var elements = new JsonElement[array.GetArrayLength()];
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            elements[i++] = element;
        }
        return elements;
    }

    /// <summary>The keyword's value, which must be of <paramref name="kind"/>; null when the keyword is absent.</summary>
    /// <remarks><c>additionalProperties</c> is only supported as <c>false</c> and <c>uniqueItems</c> as <c>true</c>, hence those kinds.</remarks>
    private static JsonElement? Optional(JsonElement schema, string keyword, JsonValueKind kind, string pointer) =>
        !schema.TryGetProperty(keyword, out var value) ? null
        : value.ValueKind == kind ? value
        : throw Unsupported(pointer + "/" + keyword, $"is {value.ValueKind.ToString().ToLowerInvariant()}; the manifest check supports {kind.ToString().ToLowerInvariant()} here");

    private static int? Length(JsonElement schema, string keyword, string pointer) =>
        Optional(schema, keyword, JsonValueKind.Number, pointer) is not { } value ? null
        : value.TryGetInt32(out var length) && length >= 0 ? length
        : throw Unsupported(pointer + "/" + keyword, "is not a length");

    private static NotSupportedException Unsupported(string pointer, string problem) =>
        new($"plugin.schema.json at {(pointer.Length == 0 ? "the root" : pointer)} {problem}.");
}
