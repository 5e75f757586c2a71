namespace PluginDb.Tests.Shared;

/// <summary>
/// The reference schemas in the shared folder beside the checkout (<c>../shared/schemas</c> from the
/// folder holding PluginDb.Ci.sln). They are public copies kept outside the repository, so a test that
/// needs one skips, saying why, where the folder is absent.
/// </summary>
internal static class SharedSchemas
{
    public const string Sarif = "sarif-2.1.0.schema.json";

    public const string GitHubChecksApi = "github-checks-api.json";

    /// <summary>The full path of <paramref name="fileName"/>, or null when it is not there.</summary>
    public static string? Find(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PluginDb.Ci.sln")))
            {
                var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "schemas", fileName));
                return File.Exists(path) ? path : null;
            }
        }
        return null;
    }

    /// <summary>Why a test that needs <paramref name="fileName"/> is skipped, or null when it can run.</summary>
    public static string? SkipReason(string fileName) => Find(fileName) is null
        ? $"{fileName} is not in ../shared/schemas beside PluginDb.Ci.sln; this test validates against it."
        : null;

    /// <summary>The path of <paramref name="fileName"/>; for tests that <see cref="SchemaFactAttribute"/> already guards.</summary>
    public static string Require(string fileName) =>
        Find(fileName) ?? throw new FileNotFoundException($"{fileName} is not in ../shared/schemas beside PluginDb.Ci.sln.", fileName);
}
