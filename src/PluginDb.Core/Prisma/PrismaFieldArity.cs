namespace PluginDb.Core.Prisma;

/// <summary>A field's arity: <c>Type</c>, <c>Type?</c> or <c>Type[]</c>.</summary>
public enum PrismaFieldArity
{
    Required,
    Optional,
    List,
}
