namespace PluginDb.Tests.Shared;

/// <summary>A fact that validates against a shared reference schema; skipped with the reason where the schema is absent.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class SchemaFactAttribute : FactAttribute
{
    public SchemaFactAttribute(string fileName)
    {
        if (SharedSchemas.Find(fileName) is null)
        {
            Skip = $"{fileName} is not in ../shared/schemas beside PluginDb.Ci.sln; this test validates against it.";
        }
    }
}
