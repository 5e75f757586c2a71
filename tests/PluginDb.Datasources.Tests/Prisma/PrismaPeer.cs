using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PluginDb.Datasources.Tests.Prisma;

/// <summary>
/// The real Prisma CLI of the reference peer (<c>PRISMA_PEER</c>): <c>migrate diff --from-migrations
/// --to-schema --exit-code</c> on a project written to a temp folder. Prisma 7 refuses <c>url</c>,
/// <c>directUrl</c> and <c>shadowDatabaseUrl</c> in a schema and no longer knows the <c>metrics</c>
/// preview feature, so the working copy goes without them (neither changes what Migrate compares).
/// </summary>
internal static partial class PrismaPeer
{
    public static string? Folder => Environment.GetEnvironmentVariable("PRISMA_PEER") is { Length: > 0 } folder ? folder : null;

    /// <summary>0 no difference, 2 difference, 1 error (with the output).</summary>
    public static async Task<(int ExitCode, string Output)> DiffAsync(string directory, string schema, string migrations, string provider, string databaseUrl)
    {
        var prisma = Path.Combine(directory, "prisma");
        CopyDirectory(migrations, Path.Combine(prisma, "migrations"));
        await File.WriteAllTextAsync(Path.Combine(prisma, "schema.prisma"), ForPrisma7(schema));
        await File.WriteAllTextAsync(Path.Combine(directory, "prisma.config.ts"),
            "export default {\n  schema: 'prisma/schema.prisma',\n  migrations: { path: 'prisma/migrations' },\n  datasource: { url: process.env.DATABASE_URL! },\n}\n");
        var start = new ProcessStartInfo(Path.Combine(Folder!, "prisma"))
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DATABASE_URL"] = databaseUrl;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, $"[{provider}] " + await output + await error);
    }

    public static string ForPrisma7(string schema)
    {
        var text = UrlLine().Replace(schema, string.Empty);
        return MetricsFeature().Replace(text, string.Empty);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex(@"^[ \t]*(url|directUrl|shadowDatabaseUrl)[ \t]*=.*\r?\n", RegexOptions.Multiline)]
    private static partial Regex UrlLine();

    [GeneratedRegex(@"""metrics""\s*,?\s*")]
    private static partial Regex MetricsFeature();
}
