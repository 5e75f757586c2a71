using PluginDb.Core.Manifests;

namespace PluginDb.Core.Datasources;

/// <summary>
/// What the platform hands a plugin: its datasource URL (with the password, for the plugin's own
/// use), the provider, its manifest and where the secret is kept. Show <see cref="MaskedUrl"/>,
/// never <see cref="Url"/>, wherever a person or a log could read it.
/// </summary>
public sealed record PluginDatasourceDescriptor(
    string PluginId,
    string Url,
    DatabaseProvider Provider,
    PluginManifest Manifest,
    string? SecretsRef)
{
    public string MaskedUrl => DatasourceUrls.MaskPassword(Url);
}
