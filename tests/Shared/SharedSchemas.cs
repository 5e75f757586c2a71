namespace PluginDb.Tests.Shared;

/// <summary>
/// The reference schemas in the shared folder beside the checkout (<c>../shared/schemas</c> from the
/// folder holding PluginDb.Ci.sln). They are public copies kept outside the repository, so a test that
/// needs one skips, saying why, where the folder is absent. <c>PLUGINDB_SCHEMAS_DIR</c> names another
/// folder (the CI workflow fetches the public schemas into one), and <c>PLUGINDB_REQUIRE_SCHEMAS=1</c>
/// makes a missing schema a failure instead of a skip.
/// </summary>
internal static class SharedSchemas
{
    public const string Sarif = "sarif-2.1.0.schema.json";

    public const string GitHubChecksApi = "github-checks-api.json";

    /// <summary>The folder the schemas are read from.</summary>
    public static string Folder { get; } = Environment.GetEnvironmentVariable("PLUGINDB_SCHEMAS_DIR") is { Length: > 0 } folder
        ? Path.GetFullPath(folder)
        : Path.GetFullPath(Path.Combine(CheckoutRoot(), "..", "shared", "schemas"));

    /// <summary>Whether a missing schema fails the tests that need it (<c>PLUGINDB_REQUIRE_SCHEMAS=1</c>) rather than skipping them.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("PLUGINDB_REQUIRE_SCHEMAS") == "1";

    /// <summary>The full path of <paramref name="fileName"/>, or null when it is not there.</summary>
    public static string? Find(string fileName)
    {
        var path = Path.Combine(Folder, fileName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Why a test that needs <paramref name="fileName"/> is skipped, or null when it runs (also when it must, and fails without it).</summary>
    public static string? SkipReason(string fileName) => Find(fileName) is null && !Required
        ? $"{fileName} is not in {Folder}; this test validates against it (PLUGINDB_SCHEMAS_DIR names another folder)."
        : null;

    private static string CheckoutRoot()
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

    /// <summary>The path of <paramref name="fileName"/>; for tests that <see cref="SchemaFactAttribute"/> already guards.</summary>
    public static string Require(string fileName) =>
        Find(fileName) ?? throw new FileNotFoundException($"{fileName} is not in {Folder} (PLUGINDB_REQUIRE_SCHEMAS=1 makes that a failure).", fileName);
}
