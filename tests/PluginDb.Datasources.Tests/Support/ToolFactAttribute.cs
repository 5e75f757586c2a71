namespace PluginDb.Datasources.Tests.Support;

/// <summary>A fact that needs an executable on the PATH (node, sqlite3); skipped with the reason where it is missing.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string tool)
    {
        if (!Tools.IsOnPath(tool))
        {
            Skip = $"`{tool}` is not on the PATH; this test needs it.";
        }
    }
}
