namespace PluginDb.Build.Tests.Pipeline;

/// <summary>A test over ../shared beside the checkout, reported as skipped (saying why) where it is absent.</summary>
public sealed class SharedFolderFactAttribute : FactAttribute
{
    public SharedFolderFactAttribute(string relativePath)
    {
        if (!Directory.Exists(Path.Combine(SharedFolder, relativePath)))
        {
            Skip = $"../shared/{relativePath} is not beside this checkout; the test reads it in place.";
        }
    }

    public static string SharedFolder => Path.GetFullPath(Path.Combine(RepositoryRoot.Find(), "..", "shared"));
}
