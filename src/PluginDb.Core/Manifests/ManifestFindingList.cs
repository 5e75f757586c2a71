using PluginDb.Core.Findings;

namespace PluginDb.Core.Manifests;

/// <summary>Findings about one plugin.json, all carrying its display path and plugin name.</summary>
internal sealed class ManifestFindingList(string file, string plugin)
{
    private readonly List<Finding> findings = [];

    /// <summary>The folder name until the manifest's own id is known.</summary>
    public string Plugin { get; set; } = plugin;

    public void Add(FindingCode code, string message, SourcePosition? at) =>
        findings.Add(code.Create(message, Plugin, file, at?.Line, at?.Column));

    /// <summary>In file order, so annotations read top to bottom; equal positions keep the order found.</summary>
    public IReadOnlyList<Finding> InFileOrder() =>
        findings.OrderBy(f => f.Line ?? 0).ThenBy(f => f.Column ?? 0).ToArray();
}
