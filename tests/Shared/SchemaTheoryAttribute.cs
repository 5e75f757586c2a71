namespace PluginDb.Tests.Shared;

/// <summary>A theory that validates against a shared reference schema; skipped with the reason where the schema is absent.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class SchemaTheoryAttribute : TheoryAttribute
{
    public SchemaTheoryAttribute(string fileName)
    {
        Skip = SharedSchemas.SkipReason(fileName);
    }
}
