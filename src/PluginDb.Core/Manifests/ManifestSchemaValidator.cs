using System.Text.Json;

namespace PluginDb.Core.Manifests;

/// <summary>Checks a plugin.json value against a <see cref="ManifestSchemaNode"/>.</summary>
/// <remarks>
/// A value breaks at most one of its own keywords: a value of the wrong type is one mistake,
/// however many keywords it fails, and a second complaint about the same value only repeats the
/// first. The keywords are tried in the order of the validator this replaced (NJsonSchema), so the
/// same one is named: the string or number bounds, then the type, then the enum. Objects then add
/// one violation per missing required property and per property that is not allowed.
/// </remarks>
internal static class ManifestSchemaValidator
{
    public static IReadOnlyList<ManifestSchemaViolation> Validate(JsonElement root, ManifestSchemaNode schema)
    {
        var violations = new List<ManifestSchemaViolation>();
        Validate(root, schema, "", violations);
        return violations;
    }

    private static void Validate(JsonElement value, ManifestSchemaNode schema, string pointer, List<ManifestSchemaViolation> violations)
    {
        if (ValueViolation(value, schema) is { } kind)
        {
            violations.Add(new ManifestSchemaViolation(kind, pointer, value, schema));
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            ValidateProperties(value, schema, pointer, violations);
        }
        if (value.ValueKind == JsonValueKind.Array)
        {
            ValidateItems(value, schema, pointer, violations);
        }
    }

    // Each element against the items schema; with uniqueItems, an element equal to an earlier one is the violation.
    private static void ValidateItems(JsonElement value, ManifestSchemaNode schema, string pointer, List<ManifestSchemaViolation> violations)
    {
        var seen = new List<JsonElement>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var at = pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (schema.Items is { } items)
            {
                Validate(item, items, at, violations);
            }
            if (schema.UniqueItems && seen.Exists(s => JsonElement.DeepEquals(s, item)))
            {
                violations.Add(new ManifestSchemaViolation(ManifestSchemaViolationKind.DuplicateItem, at, item, schema));
            }
            seen.Add(item);
            index++;
        }
    }

    private static ManifestSchemaViolationKind? ValueViolation(JsonElement value, ManifestSchemaNode schema)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            // Lengths count UTF-16 code units, as NJsonSchema did (string.Length), not code points.
            var text = value.GetString()!;
            if (schema.Pattern is { } pattern && !pattern.IsMatch(text))
            {
                return ManifestSchemaViolationKind.PatternMismatch;
            }
            if (text.Length < schema.MinLength)
            {
                return ManifestSchemaViolationKind.TooShort;
            }
            if (text.Length > schema.MaxLength)
            {
                return ManifestSchemaViolationKind.TooLong;
            }
        }
        if (value.ValueKind == JsonValueKind.Number)
        {
            var number = ManifestNumber.Of(value);
            if (schema.Minimum is { } minimum && number.CompareTo(minimum) < 0)
            {
                return ManifestSchemaViolationKind.TooSmall;
            }
            if (schema.Maximum is { } maximum && number.CompareTo(maximum) > 0)
            {
                return ManifestSchemaViolationKind.TooLarge;
            }
        }
        if (schema.Type is { } type && !HasType(value, type))
        {
            return ManifestSchemaViolationKind.WrongType;
        }
        if (schema.Enum is { } allowed && !InEnum(value, allowed))
        {
            return ManifestSchemaViolationKind.NotInEnum;
        }
        return null;
    }

    private static bool InEnum(JsonElement value, JsonElement[] allowed)
    {
        foreach (var candidate in allowed)
        {
            if (JsonElement.DeepEquals(candidate, value))
            {
                return true;
            }
        }
        return false;
    }

    private static void ValidateProperties(JsonElement value, ManifestSchemaNode schema, string pointer, List<ManifestSchemaViolation> violations)
    {
        foreach (var (name, propertySchema) in schema.Properties)
        {
            if (value.TryGetProperty(name, out var property))
            {
                Validate(property, propertySchema, pointer + "/" + ManifestJson.EscapeSegment(name), violations);
            }
            else if (schema.Required.Contains(name))
            {
                violations.Add(new ManifestSchemaViolation(ManifestSchemaViolationKind.PropertyRequired, pointer, value, schema, name));
            }
        }
        foreach (var name in schema.Required)
        {
            if (!schema.Properties.ContainsKey(name) && !value.TryGetProperty(name, out _))
            {
                violations.Add(new ManifestSchemaViolation(ManifestSchemaViolationKind.PropertyRequired, pointer, value, schema, name));
            }
        }
        if (!schema.AdditionalProperties)
        {
            foreach (var property in value.EnumerateObject())
            {
                if (!schema.Properties.ContainsKey(property.Name))
                {
                    violations.Add(new ManifestSchemaViolation(ManifestSchemaViolationKind.PropertyNotAllowed,
                        pointer + "/" + ManifestJson.EscapeSegment(property.Name), property.Value, schema, property.Name));
                }
            }
        }
    }

    /// <summary>
    /// The schema's types as NJsonSchema read them: an integer is a literal without fraction or
    /// exponent, so <c>2.0</c> is not one (draft-07 would accept it; the check never has).
    /// </summary>
    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && ManifestNumber.Of(value).IsInteger,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "ManifestSchemaNode refuses other type names."),
    };
}
