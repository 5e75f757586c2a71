using System.Text;
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

    // A record prints every property, and Url carries the password: a descriptor that reaches a
    // log through ToString or string interpolation must show the masked URL only.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"PluginId = {PluginId}, Url = {MaskedUrl}, Provider = {Provider}, Manifest = {Manifest.Id}, SecretsRef = {SecretsRef}");
        return true;
    }
}
