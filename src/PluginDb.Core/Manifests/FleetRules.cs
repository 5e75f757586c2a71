using PluginDb.Core.Findings;

namespace PluginDb.Core.Manifests;

/// <summary>Rules across all plugins of a run: ids and PostgreSQL schemas must be unique (SDB130, SDB131).</summary>
public static class FleetRules
{
    /// <summary>
    /// Findings on every plugin after the first that repeats an id, or an exclusive-postgres schema,
    /// in the order given (discovery order). Manifests that failed to load are left out: their id
    /// is not trustworthy and they already carry an error.
    /// </summary>
    public static IReadOnlyList<Finding> Check(IReadOnlyList<ManifestLoadResult> loaded, string displayBase)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(displayBase);
        var findings = new List<Finding>();
        var byId = new Dictionary<string, PluginManifest>(StringComparer.Ordinal);
        var bySchema = new Dictionary<string, PluginManifest>(StringComparer.Ordinal);
        foreach (var result in loaded)
        {
            if (result.Manifest is not { } manifest)
            {
                continue;
            }
            if (!byId.TryAdd(manifest.Id, manifest))
            {
                findings.Add(Collision(FindingCodes.DuplicatePluginId, result, "/id", displayBase,
                    $"The plugin id \"{manifest.Id}\" is already declared by {DisplayPath.Of(byId[manifest.Id].ManifestPath, displayBase)}."));
            }
            if (manifest.Database is { Mode: DatabaseMode.ExclusivePostgres, Schema: { } schema } && !bySchema.TryAdd(schema, manifest))
            {
                var owner = bySchema[schema];
                findings.Add(Collision(FindingCodes.SchemaClaimedTwice, result, "/sovereign/database/schema", displayBase,
                    $"The PostgreSQL schema \"{schema}\" is already claimed by plugin \"{owner.Id}\" ({DisplayPath.Of(owner.ManifestPath, displayBase)})."));
            }
        }
        return findings;
    }

    private static Finding Collision(FindingCode code, ManifestLoadResult result, string pointer, string displayBase, string message)
    {
        var manifest = result.Manifest!;
        var at = result.PositionOf(pointer);
        return code.Create(message, manifest.Id, DisplayPath.Of(manifest.ManifestPath, displayBase), at?.Line, at?.Column);
    }
}
