using PluginDb.Core.Schemas;

namespace PluginDb.Core.Prisma;

/// <summary>
/// A Prisma schema as the database Prisma Migrate would create from it. <see cref="SourceMap"/> takes the
/// path of an object as <see cref="SchemaDifference.Path"/> names it (<c>User</c>, <c>User.email</c>,
/// <c>User.User_email_key</c>, <c>Role.ADMIN</c>) to where schema.prisma declares it.
/// <see cref="ClientDefaults"/> are the columns (<c>Table.column</c>) whose default Prisma's client fills
/// in (<c>uuid()</c>, <c>cuid()</c>, <c>nanoid()</c>…): no database default is created for them, and
/// Prisma does not count a database default there as a difference.
/// </summary>
public sealed record PrismaMapping(
    DatabaseSchema Schema,
    IReadOnlyDictionary<string, PrismaSourceLocation> SourceMap,
    IReadOnlySet<string> ClientDefaults)
{
    public PrismaSourceLocation? Locate(string path) => SourceMap.GetValueOrDefault(path);
}
