namespace PluginDb.Build.Tests.Workflows;

/// <summary>
/// The reference schemas in <c>../shared/schemas</c> beside the checkout (absent in a bare clone), or in
/// the folder <c>PLUGINDB_SCHEMAS_DIR</c> names; <c>PLUGINDB_REQUIRE_SCHEMAS=1</c> makes their absence a
/// failure instead of a skip.
/// </summary>
internal static class SharedSchemas
{
    public static string Folder { get; } = Environment.GetEnvironmentVariable("PLUGINDB_SCHEMAS_DIR") is { Length: > 0 } folder
        ? Path.GetFullPath(folder)
        : Path.GetFullPath(Path.Combine(RepositoryRoot.Find(), "..", "shared", "schemas"));

    public static bool Present => Directory.Exists(Folder);

    public static bool Required => Environment.GetEnvironmentVariable("PLUGINDB_REQUIRE_SCHEMAS") == "1";
}

/// <summary>A theory over the shared schemas: skipped, with the reason, where they are absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SharedSchemaTheoryAttribute : TheoryAttribute
{
    public SharedSchemaTheoryAttribute()
    {
        if (!SharedSchemas.Present && !SharedSchemas.Required)
        {
            Skip = $"{SharedSchemas.Folder} is absent; these tests validate against the schemas kept there.";
        }
    }
}
