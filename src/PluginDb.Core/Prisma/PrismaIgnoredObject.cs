using PluginDb.Core.Schemas;

namespace PluginDb.Core.Prisma;

/// <summary>An object of the database that Prisma Migrate does not compare (a CHECK constraint, a view, a free sequence), with why.</summary>
public sealed record PrismaIgnoredObject(SchemaObjectType Type, string? Table, string Name, string Reason);
