using PluginDb.Core.Findings;

namespace PluginDb.Core.Manifests;

/// <summary>
/// What reading one plugin.json gave. <see cref="Manifest"/> is null when the file could not be
/// read, parsed or did not match the schema; it is set, alongside rule findings (SDB111..SDB117),
/// when the file is well-formed but breaks a rule, so later stages can still name the plugin —
/// they must skip a plugin whose findings hold an error. <see cref="Positions"/> maps JSON pointers
/// ("/sovereign/database/schema") to the 1-based position of the value.
/// </summary>
public sealed record ManifestLoadResult(
    PluginManifest? Manifest,
    IReadOnlyList<Finding> Findings,
    IReadOnlyDictionary<string, SourcePosition> Positions)
{
    /// <summary>
    /// The position of the value at <paramref name="pointer"/>, else of the nearest enclosing value
    /// that exists (a missing property is shown at its object), else null.
    /// </summary>
    public SourcePosition? PositionOf(string pointer)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        for (var current = pointer; ; current = current[..Math.Max(0, current.LastIndexOf('/'))])
        {
            if (Positions.TryGetValue(current, out var position))
            {
                return position;
            }
            if (current.Length == 0)
            {
                return null;
            }
        }
    }
}
