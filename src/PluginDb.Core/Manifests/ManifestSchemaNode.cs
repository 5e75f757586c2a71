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
        ["type", "properties", "required", "additionalProperties", "enum", "minLength", "maxLength", "pattern", "minimum", "maximum"];

    private static readonly string[] TypeNames = ["object", "array", "string", "integer", "number", "boolean", "null"];

    private ManifestSchemaNode()
    {
    }

    /// <summary>The schemas of the named properties, in the order the schema lists them.</summary>
    public IReadOnlyDictionary<string, ManifestSchemaNode> Properties { get; private init; } = new OrderedDictionary<string, ManifestSchemaNode>();

    internal string? Type { get; private init; }

    internal string? Description { get; private init; }

    internal IReadOnlyList<string> Required { get; private init; } = [];

    internal bool AdditionalProperties { get; private init; } = true;

    internal IReadOnlyList<JsonElement> Enum { get; private init; } = [];

    internal int? MinLength { get; private init; }

    internal int? MaxLength { get; private init; }

    internal Regex? Pattern { get; private init; }

    internal decimal? Minimum { get; private init; }

    internal decimal? Maximum { get; private init; }

    /// <summary>Reads a schema; throws <see cref="NotSupportedException"/> for a keyword the check does not implement.</summary>
    public static ManifestSchemaNode Parse(string schemaJson)
    {
        using var document = JsonDocument.Parse(schemaJson);
        // A clone outlives the document, so enum values can be kept.
        return Read(document.RootElement.Clone(), "");
    }

    private static ManifestSchemaNode Read(JsonElement schema, string pointer)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw Unsupported(pointer, "is not an object; only object schemas are supported");
        }
        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Annotations.Contains(keyword.Name) && !Constraints.Contains(keyword.Name))
            {
                throw Unsupported(pointer, $"uses the keyword \"{keyword.Name}\", which the manifest check does not implement " +
                    $"(it implements {string.Join(", ", Constraints)})");
            }
        }

        string At(string keyword) => pointer + "/" + keyword;
        return new ManifestSchemaNode
        {
            Type = Optional(schema, "type", JsonValueKind.String, pointer) is { } type
                ? TypeNames.Contains(type.GetString()) ? type.GetString() : throw Unsupported(At("type"), $"names the unknown type \"{type.GetString()}\"")
                : null,
            Description = Optional(schema, "description", JsonValueKind.String, pointer)?.GetString(),
            Properties = Optional(schema, "properties", JsonValueKind.Object, pointer) is { } properties
                ? new OrderedDictionary<string, ManifestSchemaNode>(properties.EnumerateObject().Select(p =>
                    KeyValuePair.Create(p.Name, Read(p.Value, At("properties") + "/" + ManifestJson.EscapeSegment(p.Name)))))
                : new OrderedDictionary<string, ManifestSchemaNode>(),
            Required = Optional(schema, "required", JsonValueKind.Array, pointer) is { } required
                ? [.. required.EnumerateArray().Select(r => r.ValueKind == JsonValueKind.String ? r.GetString()! : throw Unsupported(At("required"), "holds a value that is not a property name"))]
                : [],
            AdditionalProperties = Optional(schema, "additionalProperties", JsonValueKind.False, pointer) is null,
            Enum = Optional(schema, "enum", JsonValueKind.Array, pointer) is { } values ? [.. values.EnumerateArray()] : [],
            MinLength = Length(schema, "minLength", pointer),
            MaxLength = Length(schema, "maxLength", pointer),
            // RegexOptions.None, as JSON Schema validators in .NET use (the interpreter: no compilation
            // cost at start). Parsed here, so a pattern .NET cannot read fails when the schema loads.
            Pattern = Optional(schema, "pattern", JsonValueKind.String, pointer) is { } pattern ? new Regex(pattern.GetString()!, RegexOptions.None) : null,
            Minimum = Optional(schema, "minimum", JsonValueKind.Number, pointer)?.GetDecimal(),
            Maximum = Optional(schema, "maximum", JsonValueKind.Number, pointer)?.GetDecimal(),
        };
    }

    /// <summary>The keyword's value, which must be of <paramref name="kind"/>; null when the keyword is absent.</summary>
    /// <remarks><c>additionalProperties</c> is only supported as <c>false</c>, hence <see cref="JsonValueKind.False"/> as a kind.</remarks>
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
