namespace PluginDb.Core.Manifests;

/// <summary>The JSON Schema (draft-07) of plugin.json, embedded in this assembly.</summary>
public static class PluginManifestSchema
{
    private const string ResourceName = "PluginDb.Core.Manifests.plugin.schema.json";

    private static readonly Lazy<string> SchemaText = new(ReadResource);

    private static readonly Lazy<ManifestSchemaNode> Parsed = new(() => ManifestSchemaNode.Parse(Text));

    /// <summary>The schema as published (what the <c>Schema</c> target prints).</summary>
    public static string Text => SchemaText.Value;

    /// <summary>The parsed schema, parsed once per process.</summary>
    public static Task<ManifestSchemaNode> LoadAsync() => Task.FromResult(Parsed.Value);

    internal static ManifestSchemaNode Schema => Parsed.Value;

    private static string ReadResource()
    {
        using var stream = typeof(PluginManifestSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
