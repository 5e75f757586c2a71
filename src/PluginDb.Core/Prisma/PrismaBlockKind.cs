namespace PluginDb.Core.Prisma;

/// <summary>What a block of fields declares.</summary>
public enum PrismaBlockKind
{
    Model,
    View,

    /// <summary>A composite <c>type</c> (MongoDB); parsed and not mapped.</summary>
    CompositeType,
}
