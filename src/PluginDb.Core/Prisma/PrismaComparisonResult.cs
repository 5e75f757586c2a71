using PluginDb.Core.Schemas;

namespace PluginDb.Core.Prisma;

/// <summary>
/// What <see cref="PrismaComparison.Compare"/> found: the differences Prisma's own diff would also find
/// (expected = schema.prisma mapped, actual = the migrations replayed), and the objects it left out
/// because Prisma does not manage them, to be listed once as a notice.
/// </summary>
public sealed record PrismaComparisonResult(IReadOnlyList<SchemaDifference> Differences, IReadOnlyList<PrismaIgnoredObject> IgnoredByPrisma)
{
    public bool InStep => Differences.Count == 0;
}
