using NJsonSchema;
using NJsonSchema.Infrastructure;

namespace PluginDb.Core.Manifests;

/// <summary>The JSON Schema (draft-07) of plugin.json, embedded in this assembly.</summary>
public static class PluginManifestSchema
{
    private const string ResourceName = "PluginDb.Core.Manifests.plugin.schema.json";

    private static readonly Lazy<string> SchemaText = new(ReadResource);

    // The schema has no $ref, so NJsonSchema's synchronous deserialisation is enough: it needs no
    // reference resolution, which is the only reason JsonSchema.FromJsonAsync is asynchronous. That
    // keeps ManifestLoader.Load synchronous without blocking on a task.
    private static readonly Lazy<JsonSchema> Parsed = new(() =>
        JsonSchemaSerialization.FromJson<JsonSchema>(
            Text, JsonSchema.CreateJsonSerializerContractResolver(SchemaType.JsonSchema))
        ?? throw new InvalidOperationException("The embedded plugin.json schema is empty."));

    /// <summary>The schema as published (what the <c>Schema</c> target prints).</summary>
    public static string Text => SchemaText.Value;

    /// <summary>The parsed schema, parsed once per process.</summary>
    public static Task<JsonSchema> LoadAsync() => Task.FromResult(Parsed.Value);

    internal static JsonSchema Schema => Parsed.Value;

    private static string ReadResource()
    {
        using var stream = typeof(PluginManifestSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
