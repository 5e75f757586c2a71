using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;

namespace PluginDb.Core.Prisma;

/// <summary>What the platform asks of a plugin's Prisma schema beyond its syntax: the manifest's provider and the platform's URL variable.</summary>
public static class PrismaManifestRules
{
    public const string UrlVariable = "PLUGIN_DATABASE_URL";

    public static IReadOnlyList<Finding> Check(PrismaSchema schema, DatabaseProvider? manifestProvider, string? plugin = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var findings = new List<Finding>();
        var datasource = schema.Datasource;
        if (datasource is null)
        {
            findings.Add(FindingCodes.PrismaDatasourceMissing.Create(
                "The Prisma schema has no datasource block; add one with provider = \"" + Name(manifestProvider) + "\".",
                plugin, schema.Files.FirstOrDefault(), 1, 1));
            return findings;
        }
        var at = datasource.Location;
        var provider = datasource.Property("provider");
        if (manifestProvider is not null && datasource.Provider != Name(manifestProvider))
        {
            var location = provider?.Value.Location ?? at;
            findings.Add(FindingCodes.PrismaProviderMismatch.Create(
                $"The datasource `{datasource.Name}` says provider = {provider?.Value.ToString() ?? "nothing"}, but plugin.json says {Name(manifestProvider)}.",
                plugin, location.File, location.Line, location.Column));
        }
        var url = datasource.Property("url");
        if (url is null)
        {
            findings.Add(FindingCodes.PrismaUrlAbsent.Create(
                $"The datasource `{datasource.Name}` has no url; with Prisma 7 the URL comes from prisma.config.ts, which should read env(\"{UrlVariable}\").",
                plugin, at.File, at.Line, at.Column));
        }
        else if (!(url.Value.IsFunction("env") && url.Value.FirstString == UrlVariable))
        {
            findings.Add(FindingCodes.PrismaUrlNotPlatform.Create(
                $"The datasource url is {url.Value}; the platform hands the plugin its database in env(\"{UrlVariable}\").",
                plugin, url.Value.Location.File, url.Value.Location.Line, url.Value.Location.Column));
        }
        return findings;
    }

    private static string Name(DatabaseProvider? provider) => provider switch
    {
        DatabaseProvider.Postgresql => "postgresql",
        DatabaseProvider.Mysql => "mysql",
        _ => "sqlite",
    };
}
