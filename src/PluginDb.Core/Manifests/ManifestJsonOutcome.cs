using PluginDb.Core.Findings;

namespace PluginDb.Core.Manifests;

/// <summary>Either the parsed plugin.json or the one problem that stopped reading it.</summary>
internal sealed record ManifestJsonOutcome(ManifestJson? Json, FindingCode? Code, string? Message, SourcePosition? Position)
{
    public static ManifestJsonOutcome Succeeded(ManifestJson json) => new(json, null, null, null);

    public static ManifestJsonOutcome Failed(FindingCode code, string message, SourcePosition position) =>
        new(null, code, message, position);
}
