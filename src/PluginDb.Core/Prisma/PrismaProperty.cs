namespace PluginDb.Core.Prisma;

/// <summary>A <c>key = value</c> line of a datasource or generator block.</summary>
public sealed record PrismaProperty(string Name, PrismaExpression Value, PrismaSourceLocation Location);
