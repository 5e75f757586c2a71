using PluginDb.Core.Datasources;
using PluginDb.Core.Manifests;

namespace PluginDb.Reporting;

/// <summary>
/// The PluginDatasourceDescriptor as <c>Info</c> prints it, like the platform's <c>plugins db info</c>:
/// the URL always with its password masked, and <c>exists</c> saying whether the datasource is there yet.
/// </summary>
public static class DescriptorJsonWriter
{
    public static string ToJson(PluginManifest manifest, PluginDatasourceDescriptor? descriptor, bool exists)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return JsonText.DocumentText((Manifest: manifest, Descriptor: descriptor, Exists: exists), static (json, info) =>
        {
            var (manifest, descriptor, exists) = info;
            json.WriteStartObject();
            json.WriteString("pluginId", manifest.Id);
            json.WriteString("mode", manifest.Database.Mode.ToManifestName());
            JsonText.WriteNullable(json, "provider", (descriptor?.Provider ?? manifest.Database.Provider)?.ToManifestName());
            JsonText.WriteNullable(json, "url", descriptor?.MaskedUrl);
            JsonText.WriteNullable(json, "secretsRef", descriptor?.SecretsRef);
            json.WriteBoolean("exists", exists);
            json.WriteStartObject("manifest");
            json.WriteString("path", manifest.ManifestPath);
            JsonText.WriteNullable(json, "version", manifest.Version);
            JsonText.WriteNullable(json, "schema", manifest.Database.Schema);
            JsonText.WriteNullable(json, "migrations", manifest.MigrationsPath);
            JsonText.WriteNullable(json, "entryPoint", manifest.EntryPointPath);
            json.WriteStartObject("limits");
            JsonText.WriteNullable(json, "storageMb", manifest.Database.Limits.StorageMb);
            JsonText.WriteNullable(json, "connections", manifest.Database.Limits.Connections);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }
}
