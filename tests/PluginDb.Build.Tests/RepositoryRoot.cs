namespace PluginDb.Build.Tests;

/// <summary>The checkout the tests run from, and the shared folder beside it.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PluginDb.Ci.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("PluginDb.Ci.sln not found above " + AppContext.BaseDirectory);
    }
}
