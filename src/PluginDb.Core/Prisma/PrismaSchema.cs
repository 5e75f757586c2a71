using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;

namespace PluginDb.Core.Prisma;

/// <summary>
/// A parsed Prisma schema: every block of every file of it, in file order, and the syntax errors met
/// on the way (<see cref="FindingCodes.PrismaSyntaxError"/>; the blocks around an error are still read).
/// </summary>
public sealed record PrismaSchema(
    IReadOnlyList<string> Files,
    IReadOnlyList<PrismaConfigBlock> Datasources,
    IReadOnlyList<PrismaConfigBlock> Generators,
    IReadOnlyList<PrismaModel> Blocks,
    IReadOnlyList<PrismaEnum> Enums,
    IReadOnlyList<Finding> Findings)
{
    public PrismaConfigBlock? Datasource => Datasources.Count > 0 ? Datasources[0] : null;

    public IEnumerable<PrismaModel> Models => Blocks.Where(b => b.Kind == PrismaBlockKind.Model);

    public IEnumerable<PrismaModel> Views => Blocks.Where(b => b.Kind == PrismaBlockKind.View);

    public IEnumerable<PrismaModel> CompositeTypes => Blocks.Where(b => b.Kind == PrismaBlockKind.CompositeType);

    /// <summary>The datasource's provider as the platform names it; null when absent or not one the platform knows.</summary>
    public DatabaseProvider? Provider => ManifestNames.ParseProvider(Datasource?.Provider);

    /// <summary>Whether relations become foreign keys (<c>relationMode</c>, formerly <c>referentialIntegrity</c>, other than <c>"prisma"</c>).</summary>
    public bool UsesForeignKeys =>
        (Datasource?.Property("relationMode") ?? Datasource?.Property("referentialIntegrity"))?.Value.Text != "prisma";

    /// <summary>Whether a generator lists <paramref name="feature"/> in its <c>previewFeatures</c>.</summary>
    public bool HasPreviewFeature(string feature) =>
        Generators.Any(g => g.Property("previewFeatures")?.Value is { Kind: PrismaExpressionKind.Array } list &&
                            list.Items.Any(i => string.Equals(i.Text, feature, StringComparison.Ordinal)));

    public PrismaModel? FindModel(string name) => Blocks.FirstOrDefault(b => b.Kind != PrismaBlockKind.CompositeType && b.Name == name);

    public PrismaEnum? FindEnum(string name) => Enums.FirstOrDefault(e => e.Name == name);
}
