namespace PluginDb.Tests.Shared;

/// <summary>A fact that validates against a shared reference schema; skipped with the reason where the schema is absent.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class SchemaFactAttribute : FactAttribute
{
    public SchemaFactAttribute(string fileName)
    {
        Skip = SharedSchemas.SkipReason(fileName);
    }
}
