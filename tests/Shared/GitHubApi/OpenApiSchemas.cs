using System.Text.Json.Nodes;
using NJsonSchema;

namespace PluginDb.Tests.Shared;

/// <summary>
/// JSON Schemas for the check-run operations, taken from GitHub's own OpenAPI description
/// (github-checks-api.json in the schemas folder) and converted where OpenAPI 3.0 differs from JSON
/// Schema. The file is either the extract kept beside the checkout (<c>operations</c> by id) or the
/// whole description as GitHub publishes it (<c>paths</c>), which the CI workflow fetches.
/// </summary>
internal static class OpenApiSchemas
{
    private static readonly Lazy<JsonObject> Description = new(() =>
        JsonNode.Parse(File.ReadAllText(SharedSchemas.Require(SharedSchemas.GitHubChecksApi)))!.AsObject());

    private static readonly Lazy<JsonSchema> CreateBody = new(() => Load(Operation("checks/create")["requestBody"]!));
    private static readonly Lazy<JsonSchema> UpdateBody = new(() => Load(Operation("checks/update")["requestBody"]!));
    private static readonly Lazy<JsonSchema> CheckRunSchema = new(() => Load(Resolve("#/components/schemas/check-run", Components)));

    /// <summary>The request body of <c>checks/create</c> (POST /repos/{owner}/{repo}/check-runs).</summary>
    public static JsonSchema Create => CreateBody.Value;

    /// <summary>The request body of <c>checks/update</c> (PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}).</summary>
    public static JsonSchema Update => UpdateBody.Value;

    /// <summary>The <c>check-run</c> object both operations answer with.</summary>
    public static JsonSchema CheckRun => CheckRunSchema.Value;

    private static JsonObject Components => Description.Value["components"]!.AsObject();

    public static JsonObject Operation(string operationId) => Operation(Description.Value, operationId);

    /// <summary>
    /// One operation of <paramref name="description"/> as the extract lays it out: its <c>requestBody</c>
    /// schema and its <c>requestExamples</c> by name, each <c>{ summary, value }</c>.
    /// </summary>
    public static JsonObject Operation(JsonObject description, string operationId)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (description["operations"] is JsonObject operations)
        {
            return operations[operationId]!.AsObject();
        }
        var operation = description["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(method => method.Value))
            .OfType<JsonObject>()
            .Single(o => o["operationId"]?.GetValue<string>() == operationId);
        var json = operation["requestBody"]!["content"]!["application/json"]!;
        return new JsonObject
        {
            ["operationId"] = operationId,
            ["requestBody"] = json["schema"]!.DeepClone(),
            ["requestExamples"] = json["examples"]?.DeepClone() ?? new JsonObject(),
        };
    }

    /// <summary>
    /// An OpenAPI 3.0 schema object as JSON Schema: <c>$ref</c>s to components inlined, <c>nullable: true</c>
    /// as a type array with "null" (and null in any enum), and the OpenAPI-only keywords dropped. The extract
    /// in shared/ is already converted this way; doing it here too keeps the tests right for a fresh copy of
    /// the full description.
    /// </summary>
    public static JsonNode ToJsonSchema(JsonNode schema, JsonObject components) => Convert(schema, components, depth: 0);

    private static JsonSchema Load(JsonNode openApiSchema) =>
        JsonSchema.FromJsonAsync(ToJsonSchema(openApiSchema, Components).ToJsonString()).GetAwaiter().GetResult();

    private static JsonNode Convert(JsonNode node, JsonObject components, int depth)
    {
        if (depth > 64)
        {
            throw new InvalidOperationException("Schema nesting too deep; a $ref cycle?");
        }
        switch (node)
        {
            case JsonArray array:
                return new JsonArray(array.Select(item => item is null ? null : Convert(item, components, depth + 1)).ToArray());
            case JsonObject obj when obj["$ref"]?.GetValue<string>() is { } reference:
                return Convert(Resolve(reference, components), components, depth + 1);
            case JsonObject obj:
                var converted = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (key is "nullable" or "example" or "discriminator" or "xml" or "externalDocs")
                    {
                        continue;
                    }
                    // Under "properties" the keys are property names, not keywords: convert each value only.
                    converted[key] = key == "properties" && value is JsonObject properties
                        ? new JsonObject(properties.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Convert(p.Value, components, depth + 1))))
                        : value is null ? null : Convert(value, components, depth + 1);
                }
                return obj["nullable"]?.GetValue<bool>() == true ? Nullable(converted) : converted;
            default:
                return node.DeepClone();
        }
    }

    private static JsonObject Nullable(JsonObject schema)
    {
        switch (schema["type"])
        {
            case JsonValue type:
                schema["type"] = new JsonArray(type.GetValue<string>(), "null");
                break;
            case JsonArray types when !types.Any(t => t?.GetValue<string>() == "null"):
                types.Add("null");
                break;
            case null:
                return new JsonObject { ["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "null" }) };
        }
        if (schema["enum"] is JsonArray values && !values.Any(v => v is null))
        {
            values.Add(null);
        }
        return schema;
    }

    /// <summary><c>#/components/schemas/NAME</c> in a full description; the extract keeps components by name.</summary>
    private static JsonNode Resolve(string reference, JsonObject components)
    {
        const string prefix = "#/components/schemas/";
        if (!reference.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new NotSupportedException("Only references to component schemas are supported: " + reference);
        }
        var name = reference[prefix.Length..];
        return (components["schemas"] as JsonObject)?[name] ?? components[name]
            ?? throw new KeyNotFoundException("No component schema " + name);
    }
}
