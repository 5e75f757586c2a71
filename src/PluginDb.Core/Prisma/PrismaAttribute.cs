namespace PluginDb.Core.Prisma;

/// <summary>
/// A field attribute (<c>@unique</c>, <c>@db.VarChar(255)</c>) or block attribute (<c>@@index</c>);
/// <see cref="Name"/> is written without the at-signs (<c>unique</c>, <c>db.VarChar</c>, <c>index</c>).
/// </summary>
public sealed record PrismaAttribute(string Name, IReadOnlyList<PrismaArgument> Arguments, PrismaSourceLocation Location)
{
    public PrismaExpression? Argument(string name, int position = -1) => PrismaArgument.Find(Arguments, name, position);
}
