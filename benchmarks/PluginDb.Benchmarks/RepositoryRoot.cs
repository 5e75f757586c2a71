namespace PluginDb.Benchmarks;

/// <summary>The checkout this program belongs to: the folder holding PluginDb.Ci.sln, found from the working directory or the program's own.</summary>
internal static class RepositoryRoot
{
    public static string? Locate()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PluginDb.Ci.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        return null;
    }
}
