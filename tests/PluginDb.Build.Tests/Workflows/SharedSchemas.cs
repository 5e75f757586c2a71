namespace PluginDb.Build.Tests.Workflows;

/// <summary>The reference schemas in <c>../shared/schemas</c> beside the checkout (absent in a bare clone).</summary>
internal static class SharedSchemas
{
    public static string Folder { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot.Find(), "..", "shared", "schemas"));

    public static bool Present => Directory.Exists(Folder);
}

/// <summary>A theory over the shared schemas: skipped, with the reason, where they are absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SharedSchemaTheoryAttribute : TheoryAttribute
{
    public SharedSchemaTheoryAttribute()
    {
        if (!SharedSchemas.Present)
        {
            Skip = $"{SharedSchemas.Folder} is absent; these tests validate against the schemas kept there.";
        }
    }
}
