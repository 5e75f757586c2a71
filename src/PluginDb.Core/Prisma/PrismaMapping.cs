using PluginDb.Core.Schemas;

namespace PluginDb.Core.Prisma;

/// <summary>
/// A Prisma schema as the database Prisma Migrate would create from it. <see cref="SourceMap"/> takes the
/// path of an object as <see cref="SchemaDifference.Path"/> names it (<c>User</c>, <c>User.email</c>,
/// <c>User.User_email_key</c>, <c>Role.ADMIN</c>) to where schema.prisma declares it.
/// <see cref="Defaults"/> holds, by column path (<c>Table.column</c>), the default Prisma compares for a
/// column that has one (a client-side <c>uuid()</c> or <c>cuid()</c> gives the column none).
/// <see cref="PartialIndexes"/> is whether the schema turns on the <c>partialIndexes</c> preview feature,
/// without which Prisma neither declares nor compares index predicates.
/// </summary>
public sealed record PrismaMapping(
    DatabaseSchema Schema,
    IReadOnlyDictionary<string, PrismaSourceLocation> SourceMap,
    IReadOnlyDictionary<string, PrismaDefault> Defaults,
    bool PartialIndexes = false)
{
    public PrismaSourceLocation? Locate(string path) => SourceMap.GetValueOrDefault(path);
}
