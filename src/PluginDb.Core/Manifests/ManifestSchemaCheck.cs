using System.Globalization;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;
using PluginDb.Core.Findings;

namespace PluginDb.Core.Manifests;

/// <summary>Validates plugin.json against <see cref="PluginManifestSchema"/>: one SDB110 per violation.</summary>
internal static class ManifestSchemaCheck
{
    private const int ShownValueLength = 60;

    /// <summary>Adds a finding per violation; returns whether there was none.</summary>
    public static bool Check(ManifestJson json, ManifestFindingList findings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var clean = true;
        var errors = PluginManifestSchema.Schema.Validate(json.Root)
            .Select(e => (Error: e, Pointer: e.Token is { } token ? ManifestJson.PointerOf(token) : ""))
            .ToArray();
        // A value of the wrong type is one mistake, however many keywords it fails: NJsonSchema
        // also reports it outside an enum, and an array where an object belongs as missing every
        // required property.
        var mistyped = errors.Where(e => Expected(e.Error.Kind) is not null).Select(e => e.Pointer).ToHashSet(StringComparer.Ordinal);
        foreach (var (error, pointer) in errors)
        {
            if (error.Kind == ValidationErrorKind.PropertyRequired && mistyped.Contains(pointer))
            {
                continue;
            }
            var perProperty = error.Kind is ValidationErrorKind.PropertyRequired or ValidationErrorKind.NoAdditionalPropertiesAllowed;
            if (!seen.Add(perProperty ? $"{pointer}\n{error.Kind}\n{error.Property}" : pointer))
            {
                continue;
            }

            // ValidationError.LineNumber/LinePosition are Newtonsoft's, which mark where a token
            // ends (after a string's closing quote), not where it starts; the parser's own
            // positions point at the value itself.
            var positions = error.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed ? json.NamePositions : json.ValuePositions;
            findings.Add(FindingCodes.ManifestSchema, Describe(error, pointer), positions.GetValueOrDefault(pointer, json.ValuePositions[""]));
            clean = false;
        }
        return clean;
    }

    private static string Describe(ValidationError error, string pointer)
    {
        var where = Name(pointer);
        var schema = error.Schema;
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired =>
                $"{where} is missing the required property \"{error.Property}\".",
            ValidationErrorKind.NoAdditionalPropertiesAllowed =>
                $"\"{error.Property}\" is not a property of {Name(pointer[..pointer.LastIndexOf('/')])}" +
                (schema is { Properties.Count: > 0 } ? $"; the known ones are {string.Join(", ", schema.Properties.Keys)}." : "."),
            ValidationErrorKind.NotInEnumeration =>
                $"{where} is {Show(error.Token)}; it must be one of {string.Join(", ", schema?.Enumeration.Select(e => Show(e is null ? null : JToken.FromObject(e))) ?? [])}.",
            ValidationErrorKind.PatternMismatch =>
                $"{where} is {Show(error.Token)}, which is not allowed. {schema?.Description}".TrimEnd(),
            ValidationErrorKind.StringTooShort when schema?.MinLength == 1 =>
                $"{where} must not be empty.",
            ValidationErrorKind.StringTooShort =>
                $"{where} is shorter than {schema?.MinLength} characters.",
            ValidationErrorKind.StringTooLong =>
                $"{where} is longer than {schema?.MaxLength} characters.",
            ValidationErrorKind.NumberTooBig or ValidationErrorKind.IntegerTooBig =>
                $"{where} is larger than {schema?.Maximum?.ToString(CultureInfo.InvariantCulture)}.",
            ValidationErrorKind.NumberTooSmall =>
                $"{where} is smaller than {schema?.Minimum?.ToString(CultureInfo.InvariantCulture)}.",
            _ when Expected(error.Kind) is { } expected =>
                $"{where} is {Show(error.Token)}; it must be {expected}.",
            _ => $"{where} is not allowed by the schema ({error.Kind}).",
        };
    }

    private static string? Expected(ValidationErrorKind kind) => kind switch
    {
        ValidationErrorKind.StringExpected => "a string",
        ValidationErrorKind.IntegerExpected => "an integer",
        ValidationErrorKind.NumberExpected => "a number",
        ValidationErrorKind.BooleanExpected => "true or false",
        ValidationErrorKind.ObjectExpected => "an object",
        ValidationErrorKind.ArrayExpected => "an array",
        ValidationErrorKind.NullExpected => "null",
        _ => null,
    };

    /// <summary>A pointer as a person reads it: <c>/sovereign/database/mode</c> → <c>sovereign.database.mode</c>.</summary>
    private static string Name(string pointer) =>
        pointer.Length == 0 ? "plugin.json" : pointer[1..].Replace('/', '.').Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private static string Show(JToken? token) => token switch
    {
        null => "missing",
        JObject => "an object",
        JArray => "an array",
        JValue { Type: JTokenType.Null } => "null",
        JValue { Type: JTokenType.String } value => Quote((string)value!),
        JValue { Type: JTokenType.Boolean } value => (bool)value ? "true" : "false",
        JValue value => Convert.ToString(value.Value, CultureInfo.InvariantCulture) ?? "a value",
        _ => "a value",
    };

    private static string Quote(string text) =>
        "\"" + (text.Length > ShownValueLength ? text[..ShownValueLength] + "…" : text) + "\"";
}
