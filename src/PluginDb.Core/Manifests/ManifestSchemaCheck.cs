using System.Globalization;
using System.Text.Json;
using PluginDb.Core.Findings;

namespace PluginDb.Core.Manifests;

/// <summary>Validates plugin.json against <see cref="PluginManifestSchema"/>: one SDB110 per violation.</summary>
internal static class ManifestSchemaCheck
{
    private const int ShownValueLength = 60;

    /// <summary>Adds a finding per violation; returns whether there was none.</summary>
    public static bool Check(ManifestJson json, ManifestFindingList findings)
    {
        var violations = ManifestSchemaValidator.Validate(json.Root, PluginManifestSchema.Schema);
        foreach (var violation in violations)
        {
            // The parser's positions point at the value itself, or at the name of a property that
            // is not allowed.
            var positions = violation.Kind == ManifestSchemaViolationKind.PropertyNotAllowed ? json.NamePositions : json.ValuePositions;
            findings.Add(FindingCodes.ManifestSchema, Describe(violation), positions.GetValueOrDefault(violation.Pointer, json.ValuePositions[""]));
        }
        return violations.Count == 0;
    }

    private static string Describe(ManifestSchemaViolation violation)
    {
        var (pointer, schema) = (violation.Pointer, violation.Schema);
        var where = Name(pointer);
        return violation.Kind switch
        {
            ManifestSchemaViolationKind.PropertyRequired =>
                $"{where} is missing the required property \"{violation.Property}\".",
            ManifestSchemaViolationKind.PropertyNotAllowed =>
                $"\"{violation.Property}\" is not a property of {Name(pointer[..pointer.LastIndexOf('/')])}" +
                (schema.Properties.Count > 0 ? $"; the known ones are {string.Join(", ", schema.Properties.Keys)}." : "."),
            ManifestSchemaViolationKind.NotInEnum =>
                $"{where} is {Show(violation.Value)}; it must be one of {string.Join(", ", Array.ConvertAll(schema.Enum ?? [], Show))}.",
            ManifestSchemaViolationKind.PatternMismatch =>
                $"{where} is {Show(violation.Value)}, which is not allowed. {schema.Description}".TrimEnd(),
            ManifestSchemaViolationKind.TooShort when schema.MinLength == 1 =>
                $"{where} must not be empty.",
            ManifestSchemaViolationKind.TooShort =>
                $"{where} is shorter than {schema.MinLength} characters.",
            ManifestSchemaViolationKind.TooLong =>
                $"{where} is longer than {schema.MaxLength} characters.",
            ManifestSchemaViolationKind.TooLarge =>
                $"{where} is larger than {schema.Maximum?.ToString(CultureInfo.InvariantCulture)}.",
            ManifestSchemaViolationKind.TooSmall =>
                $"{where} is smaller than {schema.Minimum?.ToString(CultureInfo.InvariantCulture)}.",
            ManifestSchemaViolationKind.DuplicateItem =>
                $"{where} is {Show(violation.Value)} again; {Name(pointer[..pointer.LastIndexOf('/')])} names each value once.",
            ManifestSchemaViolationKind.WrongType =>
                $"{where} is {Show(violation.Value)}; it must be {Expected(schema.Type)}.",
            _ => throw new ArgumentOutOfRangeException(nameof(violation), violation.Kind, null),
        };
    }

    private static string Expected(string? type) => type switch
    {
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "true or false",
        "object" => "an object",
        "array" => "an array",
        "null" => "null",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "ManifestSchemaNode refuses other type names."),
    };

    /// <summary>A pointer as a person reads it: <c>/sovereign/database/mode</c> → <c>sovereign.database.mode</c>.</summary>
    private static string Name(string pointer) =>
        pointer.Length == 0 ? "plugin.json" : pointer[1..].Replace('/', '.').Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => Quote(value.GetString()!),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => ManifestNumber.Of(value).ToString(),
        _ => "null",
    };

    private static string Quote(string text) =>
        "\"" + (text.Length > ShownValueLength ? text[..ShownValueLength] + "…" : text) + "\"";
}
